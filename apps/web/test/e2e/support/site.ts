import type { ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { VIEWER_TOKEN } from './constants'
import { start, stop, waitFor } from './processes'

export const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')

/** The output of the `next start` every spec reads, in test-results/ (support/renders.ts reads it). */
export const SITE_LOG = 'e2e-next-start.log'

/** The two secrets a deployment of the site must be given; the e2e run makes them at random. */
export interface SiteSecrets {
  preview: string
  revalidate: string
}

/**
 * The site's environment: only the variables DESIGN.md names, pointed at this run's lake, with
 * `secrets` or (to show what a deployment without them does) none at all. One instance, no Redis
 * and no cache in front, whatever the caller's environment says (cluster.ts adds them).
 */
export function siteEnv(lakeUrl: string, siteUrl: string, secrets: SiteSecrets | null): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('SANITY_') && !['SITE_URL', 'REDIS_URL', 'CACHE_PURGE_URL'].includes(name),
    ),
  )
  return {
    ...inherited,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    SANITY_API_HOST: lakeUrl,
    SANITY_API_READ_TOKEN: VIEWER_TOKEN,
    ...(secrets
      ? { SANITY_PREVIEW_SECRET: secrets.preview, SANITY_REVALIDATE_SECRET: secrets.revalidate }
      : {}),
    SITE_URL: siteUrl,
  }
}

/** `next start` on the build in apps/web/.next, once its home page answers. */
export async function startSite(env: NodeJS.ProcessEnv, port: number, log: string): Promise<ChildProcess> {
  const site = start([nextBin, 'start', '--port', String(port)], env, log)
  try {
    await waitFor(`http://localhost:${port}/`, site, 'next start')
  } catch (error) {
    await stop(site)
    throw error
  }
  return site
}
