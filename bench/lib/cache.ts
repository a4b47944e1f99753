// The production cache tier from deploy/ (Varnish with deploy/varnish/site.vcl), started with the
// same script an operator runs, in front of this run's `next start` (or several of them).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startVarnishFixture } from '@slideshow/testkit/varnish'
import { freePort, type Started } from './proc.ts'

export interface CacheTier {
  url: string
  port: number
  process: Started
  stop(): Promise<void>
}

/** Picks the port first: the site needs CACHE_PURGE_URL before the cache is up. */
export async function cachePort(): Promise<number> {
  return freePort()
}

/** Varnish on `port` in front of `siteOrigins` (URLs of `next start` instances). */
export async function startCache(
  dir: string,
  port: number,
  siteOrigins: string | string[],
): Promise<CacheTier> {
  mkdirSync(dir, { recursive: true })
  const log = join(dir, 'varnish.log')
  const origins = (Array.isArray(siteOrigins) ? siteOrigins : [siteOrigins]).map(
    (origin) => new URL(origin).host,
  )
  const cache = await startVarnishFixture({ origins, port, workDir: dir, log, size: '256m' })
  // startProcess throws when there is no pid, so there is one.
  const pid = cache.process.pid as number
  return {
    url: cache.url,
    port,
    process: { name: 'varnish', child: cache.process, pid, log },
    stop: cache.stop,
  }
}
