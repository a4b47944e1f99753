import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CacheHandlerValue, Handler } from '@fortedigital/nextjs-cache-handler/cache-handler.types'
import createRedisHandler from '@fortedigital/nextjs-cache-handler/redis-strings'
import type { CacheHandler, CacheHandlerContext } from 'next/dist/server/lib/incremental-cache'
import { BuildSeeds } from './buildSeeds.ts'
import { currentEpoch, expiredAfter, recordExpiry } from './expiries.ts'
import { entryPrefix } from './keys.ts'
import { isStale, lifespanOf } from './lifespan.ts'
import { COMMAND_TIMEOUT_MS, connectRedis, type Redis, whenReady } from './redis.ts'
import { RenderStarts } from './renderStarts.ts'

/*
 * Next.js's ISR and data cache for several `next start` instances: one copy in Redis that every
 * instance reads and writes (next.config.ts sets `cacheHandler` to this file when REDIS_URL is
 * set; Node loads it as it is, outside the bundle). @fortedigital/nextjs-cache-handler's Redis
 * store keeps the entries (serialisation, tags, TTLs); this class is what Next.js calls. Its own
 * `CacheHandler` class cannot serve here, on three counts:
 * - it swallows a failed `revalidateTag`, so a publish would be reported done although Redis never
 *   recorded it;
 * - it drops the entry's `cacheControl`, so an instance serving a page another instance rendered
 *   (not in its build's prerender manifest) takes it for stale after one second and sends
 *   `s-maxage=1`;
 * - it cannot tell a render that began before a publish from one that began after it.
 *
 * Freshness follows lib/cache/expiries.ts: every entry carries the epoch at which its render
 * began (lib/cache/renderStarts.ts), and is served only while none of its tags (its page's own
 * path tags among them) was expired at a later epoch. With Redis away, every lookup is a miss, so
 * pages are rendered from the content source, never served from an unchecked copy, and
 * everything resumes when Redis is back.
 */

type Entry = CacheHandlerValue & { epoch?: number }
type GetContext = Parameters<CacheHandler['get']>[1]
type SetContext = Parameters<CacheHandler['set']>[2]
type Value = Parameters<CacheHandler['set']>[1]

interface Shared {
  redis: Redis
  store: Handler
  seeds: BuildSeeds
  renders: RenderStarts
  firstConnection: Promise<void>
}

let shared: Shared | undefined

function sharedFor(context: CacheHandlerContext): Shared {
  if (shared) return shared
  const url = process.env.REDIS_URL
  if (!url) throw new Error('lib/cache/handler.ts is configured but REDIS_URL is not set')
  const serverDistDir = context.serverDistDir ?? join(process.cwd(), '.next/server')
  const buildId = readFileSync(join(serverDistDir, '..', 'BUILD_ID'), 'utf8').trim()
  const redis = connectRedis(url, 'shared cache')
  const store = createRedisHandler({
    // The store's type names @redis/client's own client type; `redis` re-exports that client
    // with its modules, the same object at run time.
    client: redis as unknown as Parameters<typeof createRedisHandler>[0]['client'],
    keyPrefix: entryPrefix(buildId),
    timeoutMs: COMMAND_TIMEOUT_MS,
    // One SET with EXAT (and NX for seeds): a seed that finds a fresher entry changes nothing,
    // not even its TTL.
    keyExpirationStrategy: 'EXAT',
  })
  shared = {
    redis,
    store,
    seeds: new BuildSeeds(serverDistDir),
    renders: new RenderStarts(),
    // The first requests after start wait a moment for the first connection, later ones never.
    firstConnection: whenReady(redis),
  }
  // Drops the store's bookkeeping of entries whose TTL ran out.
  void shared.firstConnection.then(() => store.prepare?.()).catch(() => {})
  return shared
}

export default class SharedCacheHandler implements CacheHandler {
  readonly #shared: Shared

  constructor(context: CacheHandlerContext) {
    this.#shared = sharedFor(context)
  }

  async get(key: string, context: GetContext): Promise<CacheHandlerValue | null> {
    const { redis, store, seeds, renders, firstConnection } = this.#shared
    const softTags = 'softTags' in context ? (context.softTags ?? []) : []
    try {
      await firstConnection
      const [stored, epoch] = await Promise.all([
        store.get(key, { implicitTags: [] }) as Promise<Entry | null | undefined>,
        currentEpoch(redis),
      ])
      const found = stored ?? (await seeds.read(key))
      const entry =
        found && !(await expiredAfter(redis, [...found.tags, ...softTags], found.epoch ?? 0)) ? found : null
      // Next.js renders a miss or a stale entry now: the render is as fresh as this epoch.
      if (!entry || isStale(entry.lifespan)) renders.begin(key, epoch)
      // A seed goes to Redis for the other instances, never over an entry already there.
      if (entry && !stored) await store.set(key, entry, { setOnlyIfNotExists: true }).catch(() => {})
      return entry
    } catch {
      // Redis cannot say what is fresh: a miss, so the page is rendered.
      return null
    }
  }

  async set(key: string, value: Value, context: SetContext): Promise<void> {
    const { store, renders } = this.#shared
    const epoch = renders.end(key)
    const cacheControl = 'cacheControl' in context ? context.cacheControl : undefined
    const fetched = context.fetchCache === true
    const revalidate = value && 'revalidate' in value ? value.revalidate : cacheControl?.revalidate
    const lastModified = Date.now()
    const entry: Entry = {
      lastModified,
      lifespan: lifespanOf(lastModified, revalidate),
      // Data carries the tags its fetch was given; pages and routes their cache-tags header
      // (the tags of every fetch they made, and their own path's).
      tags: fetched ? ('tags' in context && context.tags) || [] : cacheTags(value),
      value,
      ...(cacheControl ? { cacheControl } : {}),
      epoch,
    }
    // Not cached (Redis away): the next reader renders it again. The client logs the outage once.
    await store.set(key, entry).catch(() => {})
  }

  /**
   * Expires `tags` on every instance, and rejects when Redis did not record it, so whoever asked
   * learns of it. Every revalidation expires at once: Next's stale-while-revalidate profiles
   * (`'max'`) are not kept apart; the site only ever expires (app/api/revalidate/route.ts).
   */
  async revalidateTag(tags: string | string[]): Promise<void> {
    await recordExpiry(this.#shared.redis, typeof tags === 'string' ? [tags] : tags)
  }

  resetRequestCache(): void {}
}

function cacheTags(value: Value): string[] {
  const header = value && 'headers' in value ? value.headers?.['x-next-cache-tags'] : undefined
  return typeof header === 'string' ? header.split(',') : []
}
