// The reader site for the bench: a snapshot of apps/web built with `next build` against the
// bench lake and served with `next start`. The snapshot lives under bench/tmp/ so the bench never
// touches apps/web/.next (other builds and end-to-end runs use it) and builds of different
// datasets cannot mix. Dependencies resolve from the repo's node_modules as they do for apps/web.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { withoutSiteEnv } from './lake.ts'
import { NEXT_BIN, REPO_ROOT, WEB_DIR } from './paths.ts'
import { freePort, runToEnd, type Started, sampleMemory, start, tail, waitForUrl } from './proc.ts'
import { READ_TOKEN, REVALIDATE_SECRET } from './secrets.ts'

const SKIP = new Set(['.next', 'node_modules', 'test-results', 'playwright-report', 'next-env.d.ts'])

/**
 * Copies apps/web (sources only) to `<dir>/apps/web`, with the base tsconfig it extends. With
 * `sourceMaps`, the copy's next.config is wrapped to emit browser source maps (the page-weight
 * figures attribute shipped JavaScript to source files with them; the code itself is unchanged).
 */
export function snapshotSite(dir: string, options: { sourceMaps?: boolean } = {}): string {
  rmSync(dir, { recursive: true, force: true })
  const webCopy = join(dir, 'apps/web')
  mkdirSync(webCopy, { recursive: true })
  cpSync(WEB_DIR, webCopy, {
    recursive: true,
    filter: (source) => !SKIP.has(relative(WEB_DIR, source).split('/')[0] ?? ''),
  })
  cpSync(join(REPO_ROOT, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'))
  if (options.sourceMaps) {
    renameSync(join(webCopy, 'next.config.ts'), join(webCopy, 'next.config.base.ts'))
    writeFileSync(join(webCopy, 'next.config.ts'), SOURCE_MAP_CONFIG)
  }
  return webCopy
}

const SOURCE_MAP_CONFIG = `// Written by bench/lib/site.ts: apps/web's config plus browser source maps.
import type { NextConfig } from 'next'
import base from './next.config.base'

type ConfigExport = NextConfig | ((phase: string, context: unknown) => NextConfig | Promise<NextConfig>)

export default async function config(phase: string, context: unknown): Promise<NextConfig> {
  const own = base as ConfigExport
  const resolved = typeof own === 'function' ? await own(phase, context) : own
  return { ...resolved, productionBrowserSourceMaps: true }
}
`

export function siteEnv(lakeUrl: string, siteUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...withoutSiteEnv(process.env),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    SANITY_API_HOST: lakeUrl,
    SANITY_REVALIDATE_SECRET: REVALIDATE_SECRET,
    SANITY_API_READ_TOKEN: READ_TOKEN,
    SITE_URL: siteUrl,
    ...extra,
  }
}

export interface BuildResult {
  seconds: number
  /** Peak of the summed RSS of `next build` and its workers, polled every 250 ms. */
  peakRssBytes: number
  /** "Generating static pages (N/N)": the pages rendered at build time. */
  staticPages: number | undefined
  /** Stage times `next build` prints: compile, TypeScript, static generation (seconds). */
  stages: { compileSeconds?: number; typescriptSeconds?: number; staticGenerationSeconds?: number }
  log: string
}

export async function buildSite(webDir: string, env: NodeJS.ProcessEnv, log: string): Promise<BuildResult> {
  rmSync(join(webDir, '.next'), { recursive: true, force: true })
  let memory: ReturnType<typeof sampleMemory> | undefined
  const { code, seconds } = await runToEnd('next build', process.execPath, [NEXT_BIN, 'build'], {
    cwd: webDir,
    env,
    log,
    timeoutMs: 60 * 60_000,
    onStart: (started) => {
      memory = sampleMemory(started.pid, 250, 4)
    },
  })
  const peakRssBytes = memory?.stop().polledPeakRssBytes ?? 0
  if (code !== 0) throw new Error(`next build failed (${code}):\n${tail(log, 40)}`)
  const output = readFileSync(log, 'utf8')
  const pages = [...output.matchAll(/Generating static pages[^(]*\((\d+)\/(\d+)\)/g)].pop()
  const stage = (pattern: RegExp) => {
    const match = output.match(pattern)
    if (!match) return undefined
    return Number(match[1]) * ({ ms: 0.001, s: 1, min: 60 }[match[2] as 'ms' | 's' | 'min'] ?? 1)
  }
  return {
    seconds,
    peakRssBytes,
    staticPages: pages ? Number(pages[2]) : undefined,
    stages: {
      compileSeconds: stage(/Compiled successfully in ([\d.]+)(ms|s|min)\b/),
      typescriptSeconds: stage(/Finished TypeScript in ([\d.]+)(ms|s|min)\b/),
      staticGenerationSeconds: stage(/Generating static pages[^\n]*\(\d+\/\d+\) in ([\d.]+)(ms|s|min)\b/),
    },
    log,
  }
}

export interface RunningSite {
  url: string
  port: number
  process: Started
}

export async function startSite(
  webDir: string,
  env: NodeJS.ProcessEnv,
  log: string,
  port?: number,
): Promise<RunningSite> {
  if (!existsSync(join(webDir, '.next/BUILD_ID'))) throw new Error(`no build in ${webDir}`)
  const sitePort = port ?? (await freePort())
  const site = start(
    'next start',
    process.execPath,
    [NEXT_BIN, 'start', '--port', String(sitePort), '--hostname', '127.0.0.1'],
    { cwd: webDir, env, log },
  )
  const url = `http://127.0.0.1:${sitePort}`
  await waitForUrl(`${url}/status`, site, 60_000)
  return { url, port: sitePort, process: site }
}
