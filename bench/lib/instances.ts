// Several instances: the site's ISR cache in Redis (apps/web/lib/cache/), `next start` of the
// bench's build once and then twice behind Varnish's director (deploy/varnish), with their own
// lake whose webhook posts to that Varnish, as a deployment's would. Measured: publish-to-live
// through the cache and reader throughput with one instance and with two, and what a cached page
// costs in Redis.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startRedisFixture } from '@slideshow/testkit/redis'
import { type CacheTier, startCache } from './cache.ts'
import { startLake } from './lake.ts'
import { freePort, sleep, stop } from './proc.ts'
import { measurePublishToLive } from './publish.ts'
import { type PublishSummary, summarizePublishes } from './report.ts'
import { type RunningSite, siteEnv, startSite } from './site.ts'
import { type WrkResult, wrk } from './wrk.ts'

export interface InstancesThroughputRow {
  id: string
  label: string
  /** `next start` processes serving the requests. */
  instances: number
  saturated: WrkResult
}

export interface InstancesReport {
  publish: { one: PublishSummary; two: PublishSummary }
  throughput: InstancesThroughputRow[]
  redis: {
    /** Page and route entries (`/route-cache/...` keys) after every page the build rendered was read once. */
    pages: number
    /** `used_memory` before any page, after every page, and at the end (data entries and renders of the publishes added). */
    usedBytes: { empty: number; pagesCached: number; end: number }
    /** (pagesCached − empty) / pages. */
    perPageBytes: number
    /** MEMORY USAGE of one entry: the slide page and the whole-story page. */
    slideEntryBytes: number
    storyEntryBytes: number
    /** Every key at the end: entries of pages and data, and the bookkeeping hashes. */
    keysAtEnd: number
  }
}

export interface InstancesOptions {
  dir: string
  webDir: string
  /** The bench's own `next start` (one instance, Next's file-system cache): the baseline. */
  baselineUrl: string
  storyId: string
  slidePath: string
  storyPath: string
  publishes: number
  wrk: { connections: number; threads: number; seconds: number }
  log: (line: string) => void
}

// Varnish passes requests that carry credentials to an instance (deploy/varnish/site.vcl): readers
// whose every request reaches `next start`, as cache misses do, spread by the director.
const PASS = { authorization: 'Bearer bench-reader' }

export async function measureInstances(options: InstancesOptions): Promise<InstancesReport> {
  const { dir, log } = options
  const redis = await startRedisFixture({ log: join(dir, 'redis.log') })
  const cachePort = await freePort()
  const cacheUrl = `http://127.0.0.1:${cachePort}`
  const lake = await startLake(join(dir, 'lake'), join(dir, 'lake.log'), cacheUrl)
  const env = siteEnv(lake.url, cacheUrl, { REDIS_URL: redis.url, CACHE_PURGE_URL: cacheUrl })
  const sites: RunningSite[] = []
  let cache: CacheTier | undefined
  try {
    const a = await startSite(options.webDir, env, join(dir, 'next-start-a.log'))
    sites.push(a)
    const cli = (...args: string[]) => redisCli(redis.port, args)
    const usedMemory = () => Number(/^used_memory:(\d+)/m.exec(cli('INFO', 'memory'))?.[1] ?? Number.NaN)
    const entryKeys = () => cli('--scan', '--pattern', 'site:*:/route-cache/*').split('\n').filter(Boolean)
    const empty = usedMemory()
    const paths = builtPaths(options.webDir)
    for (const path of paths) await (await fetch(`${a.url}${path}`)).arrayBuffer()
    const pagesCached = usedMemory()
    const pages = entryKeys()
    const entryBytes = (path: string) => {
      const key = pages.find((candidate) => candidate.endsWith(`/$${path}`))
      return key ? Number(cli('MEMORY', 'USAGE', key, 'SAMPLES', '0')) : Number.NaN
    }
    log(
      `bench:   Redis: ${pages.length} pages cached in ${((pagesCached - empty) / 1048576).toFixed(1)} MB (${((pagesCached - empty) / pages.length / 1024).toFixed(1)} KB a page)`,
    )

    const throughput: InstancesThroughputRow[] = []
    const measure = async (id: string, label: string, instances: number, url: string, pass: boolean) => {
      const headers = pass ? PASS : undefined
      await wrk(url, { ...options.wrk, seconds: 2, headers })
      const saturated = await wrk(url, { ...options.wrk, headers })
      log(`bench:   ${id}: ${saturated.requestsPerSecond.toFixed(0)} req/s, errors ${saturated.errors}`)
      throughput.push({ id, label, instances, saturated })
    }
    const publishes = async (reader: string) => {
      // The watchers read as the publish phase's do, through a cache that already holds both pages:
      // a first read still on its way from the site when the purge comes would be stored after it
      // (deploy/README.md, "Known edge") and only the gzip variant is fetched again.
      for (const path of [options.slidePath, options.storyPath]) {
        await (await fetch(`${reader}${path}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()
      }
      return summarizePublishes(
        await measurePublishToLive({
          lakeUrl: lake.url,
          readerBase: reader,
          storyId: options.storyId,
          slidePath: options.slidePath,
          storyPath: options.storyPath,
          publishes: options.publishes,
          edit: 'slide',
          // The publisher (the director's first instance) says when it has rendered a publish.
          siteLog: a.process.log,
        }),
      )
    }

    await measure(
      'fs-direct',
      'one instance, file-system cache (no Redis), direct',
      1,
      `${options.baselineUrl}${options.slidePath}`,
      false,
    )
    await measure('redis-direct', 'one instance, Redis, direct', 1, `${a.url}${options.slidePath}`, false)
    cache = await startCache(join(dir, 'cache-one'), cachePort, [a.url])
    await measure(
      'redis-one',
      'one instance, Redis, through Varnish (passed)',
      1,
      `${cacheUrl}${options.slidePath}`,
      true,
    )
    const one = await publishes(cacheUrl)

    // The series' last publish (it restores the story) is sent, not yet rendered: let it finish
    // before the cache it purges is replaced.
    await settled(a.process.log)
    const b = await startSite(options.webDir, env, join(dir, 'next-start-b.log'))
    sites.push(b)
    await cache.stop()
    cache = await startCache(join(dir, 'cache-two'), cachePort, [a.url, b.url])
    await measure(
      'redis-two',
      'two instances, Redis, through Varnish (passed)',
      2,
      `${cacheUrl}${options.slidePath}`,
      true,
    )
    const two = await publishes(cacheUrl)
    log(
      `bench:   publish-to-live p95 through the cache: one instance ${one.slide.p95.toFixed(0)} ms, two ${two.slide.p95.toFixed(0)} ms (slide page)`,
    )
    return {
      publish: { one, two },
      throughput,
      redis: {
        pages: pages.length,
        usedBytes: { empty, pagesCached, end: usedMemory() },
        perPageBytes: (pagesCached - empty) / pages.length,
        slideEntryBytes: entryBytes(options.slidePath),
        storyEntryBytes: entryBytes(options.storyPath),
        keysAtEnd: Number(cli('DBSIZE')),
      },
    }
  } finally {
    await cache?.stop()
    for (const site of sites.reverse()) await stop(site.process)
    await stop(lake.process)
    await redis.remove()
  }
}

/** Waits until the site has finished every publish it took (apps/web/app/api/revalidate/route.ts prints each step). */
async function settled(log: string): Promise<void> {
  const deadline = performance.now() + 60_000
  for (;;) {
    const text = readFileSync(log, 'utf8')
    const count = (pattern: RegExp) => [...text.matchAll(pattern)].length
    const open = count(/^revalidate \S+: received/gm) - count(/^revalidate \S+: (rendered|not recorded)/gm)
    if (open <= 0 || performance.now() > deadline) return
    await sleep(50)
  }
}

/** Every page and route the build rendered (its prerender manifest), besides Next's own error pages. */
function builtPaths(webDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(webDir, '.next/prerender-manifest.json'), 'utf8')) as {
    routes: Record<string, unknown>
  }
  return Object.keys(manifest.routes).filter((path) => !path.startsWith('/_'))
}

function redisCli(port: number, args: string[]): string {
  const result = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}
