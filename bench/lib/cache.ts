// The production cache tier from deploy/ (Varnish with deploy/varnish/site.vcl), started with the
// same script an operator runs, in front of this run's `next start`.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DEPLOY_DIR } from './paths.ts'
import { freePort, type Started, start, waitForUrl } from './proc.ts'

export interface CacheTier {
  url: string
  port: number
  process: Started
}

/** Picks the port first: the site needs CACHE_PURGE_URL before the cache is up. */
export async function cachePort(): Promise<number> {
  return freePort()
}

export async function startCache(dir: string, port: number, siteOrigin: string): Promise<CacheTier> {
  mkdirSync(dir, { recursive: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SITE_ORIGIN: new URL(siteOrigin).host,
    CACHE_LISTEN: `127.0.0.1:${port}`,
    CACHE_WORK_DIR: join(dir, 'work'),
    CACHE_SIZE: '256m',
    // As root (containers, CI), keep varnishd's workers as root rather than switching to the
    // varnish users, which cannot read a checkout under /root or /work.
    ...(process.getuid?.() === 0 ? { CACHE_JAIL: 'none' } : {}),
  }
  const cache = start('varnish', 'sh', [join(DEPLOY_DIR, 'varnish/start.sh')], {
    env,
    log: join(dir, 'varnish.log'),
  })
  const url = `http://127.0.0.1:${port}`
  await waitForUrl(`${url}/status`, cache, 60_000)
  return { url, port, process: cache }
}
