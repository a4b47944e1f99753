import { readFileSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { CacheHandlerValue } from '@fortedigital/nextjs-cache-handler/cache-handler.types'
import type { CachedRouteKind, IncrementalCacheValue } from 'next/dist/server/response-cache/types'
import { lifespanOf } from './lifespan.ts'

/*
 * The pages `next build` rendered (in .next/server/app), read as cache entries when the shared
 * cache has none yet: the first instance of a build serves them instead of rendering every page
 * again. Next.js 16.4.6 looks a page up under a scoped key (`/route-cache/APP_PAGE/<owner
 * hash>/$/index`) whose build file names it in its `.meta` (`routeCache.key`), and its own
 * file-system cache reads these files the same way. @fortedigital/nextjs-cache-handler's
 * `registerInitialCache` writes them under the plain path (`/index`), a key Next.js 16.4.6 never
 * asks for, and overwrites what is there unless told not to: hence this.
 *
 * A seed is a render from before any publish the shared cache knows of (epoch 0,
 * lib/cache/expiries.ts), so it is served only while none of its tags has been expired since.
 */

const ROUTE_CACHE = '/route-cache/'
const PATH_MARKER = '/$/'

interface SeedMeta {
  headers?: Record<string, string>
  status?: number
  postponed?: string
  segmentPaths?: string[]
  routeCache?: { key?: string; isFallback?: boolean }
}

interface PrerenderManifest {
  routes: Record<string, { initialRevalidateSeconds?: number | false; initialExpireSeconds?: number }>
}

export type Seed = CacheHandlerValue & { epoch: 0 }

export class BuildSeeds {
  readonly #appDir: string
  readonly #routes: PrerenderManifest['routes']

  constructor(serverDistDir: string) {
    this.#appDir = join(serverDistDir, 'app')
    this.#routes = readManifest(join(serverDistDir, '..', 'prerender-manifest.json'))
  }

  /** The build's copy of the entry at `key`, or null when the build has none. */
  async read(key: string): Promise<Seed | null> {
    const kind = key.startsWith(`${ROUTE_CACHE}APP_PAGE/`)
      ? 'APP_PAGE'
      : key.startsWith(`${ROUTE_CACHE}APP_ROUTE/`)
        ? 'APP_ROUTE'
        : undefined
    const marker = key.indexOf(PATH_MARKER)
    if (!kind || marker < 0) return null
    const file = key.slice(marker + PATH_MARKER.length - 1)
    const base = join(this.#appDir, file)
    if (relative(this.#appDir, base).startsWith('..')) return null
    try {
      const meta = JSON.parse(await readFile(`${base}.meta`, 'utf8')) as SeedMeta
      // The build file must be this very entry (same owner, not a fallback shell).
      if (meta.routeCache?.key !== key || meta.routeCache.isFallback) return null
      const value = kind === 'APP_PAGE' ? await appPage(base, meta) : await appRoute(base, meta)
      const { mtimeMs } = await stat(kind === 'APP_PAGE' ? `${base}.html` : `${base}.body`)
      const route = this.#routes[file === '/index' ? '/' : file]
      const revalidate = route?.initialRevalidateSeconds
      return {
        lastModified: mtimeMs,
        lifespan: lifespanOf(mtimeMs, revalidate),
        tags: meta.headers?.['x-next-cache-tags']?.split(',') ?? [],
        value,
        ...(revalidate === undefined
          ? {}
          : { cacheControl: { revalidate, expire: route?.initialExpireSeconds } }),
        epoch: 0,
      }
    } catch {
      return null
    }
  }
}

async function appPage(base: string, meta: SeedMeta): Promise<IncrementalCacheValue> {
  const segments = await Promise.all(
    (meta.segmentPaths ?? []).map(
      async (segment) => [segment, await readFile(`${base}.segments${segment}.segment.rsc`)] as const,
    ),
  )
  return {
    kind: 'APP_PAGE' as CachedRouteKind.APP_PAGE,
    html: await readFile(`${base}.html`, 'utf8'),
    rscData: await readFile(`${base}.rsc`),
    postponed: meta.postponed,
    headers: meta.headers,
    status: meta.status,
    segmentData: segments.length ? new Map(segments) : undefined,
  }
}

async function appRoute(base: string, meta: SeedMeta): Promise<IncrementalCacheValue> {
  return {
    kind: 'APP_ROUTE' as CachedRouteKind.APP_ROUTE,
    body: await readFile(`${base}.body`),
    headers: meta.headers ?? {},
    status: meta.status ?? 200,
  }
}

function readManifest(path: string): PrerenderManifest['routes'] {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as PrerenderManifest).routes ?? {}
  } catch {
    return {}
  }
}
