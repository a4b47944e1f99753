import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REVALIDATE_WEBHOOK_FILTER, REVALIDATE_WEBHOOK_PROJECTION } from '@slideshow/sanity/revalidateWebhook'
import { type LakeFixture, startLakeFixture } from '@slideshow/testkit/lake'
import { E2E_PRERENDERED_STORIES, writeArchivedStory } from './support/archive'
import { CLUSTER_ID_PREFIX } from './support/cluster'
import { ADMIN_TOKEN, SILENT_ID_PREFIX, VIEWER_TOKEN } from './support/constants'
import { finished, freePort, logsDir, start, stop } from './support/processes'
import { nextBin, SITE_LOG, type SiteSecrets, siteEnv, startSite } from './support/site'

/**
 * The lake's configuration for this run: the site's revalidation webhook as the lake registers it
 * by default, signed with this run's secret, except for documents whose id starts with
 * SILENT_ID_PREFIX, so a test can change content without telling the site (and show that a
 * forged webhook does not refresh it), or with CLUSTER_ID_PREFIX: those go to the several-instance
 * deployment of cluster.spec.ts, through its cache tier at `clusterUrl`.
 */
function lakeConfig(siteUrl: string, clusterUrl: string, revalidateSecret: string): object {
  const webhook = {
    dataset: 'production',
    on: ['create', 'update', 'delete'],
    projection: REVALIDATE_WEBHOOK_PROJECTION,
    includeDrafts: false,
    secret: revalidateSecret,
    retryBaseMs: 200,
  }
  return {
    devIdentity: false,
    tokens: [
      { token: ADMIN_TOKEN, role: 'administrator', name: 'e2e admin' },
      { token: VIEWER_TOKEN, role: 'viewer', name: 'e2e site reader' },
    ],
    webhooks: [
      {
        ...webhook,
        name: 'site-revalidate',
        url: `${siteUrl}/api/revalidate`,
        filter: `${REVALIDATE_WEBHOOK_FILTER} && !string::startsWith(_id, "${SILENT_ID_PREFIX}") && !string::startsWith(_id, "${CLUSTER_ID_PREFIX}")`,
      },
      {
        ...webhook,
        name: 'cluster-revalidate',
        url: `${clusterUrl}/api/revalidate`,
        filter: `${REVALIDATE_WEBHOOK_FILTER} && string::startsWith(_id, "${CLUSTER_ID_PREFIX}")`,
        // Redis stopped for a while in cluster.spec.ts: the publishes meanwhile are delivered once it is back.
        maxAttempts: 30,
      },
    ],
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(logsDir, { recursive: true })
  const webPort = await freePort()
  // localhost, not 127.0.0.1: Chromium keeps the draft-mode cookie (Secure) on http://localhost only.
  const siteUrl = `http://localhost:${webPort}`
  const secrets: SiteSecrets = {
    preview: randomBytes(32).toString('base64url'),
    revalidate: randomBytes(32).toString('base64url'),
  }
  // Where cluster.spec.ts runs its cache tier: the lake needs its webhook target now.
  const clusterUrl = `http://127.0.0.1:${await freePort()}`
  // What every instance of one build shares (.env.example), given to the build and every `next start`.
  const deployment = {
    NEXT_DEPLOYMENT_ID: `e2e-${randomBytes(6).toString('hex')}`,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  }
  let lake: LakeFixture | undefined
  let site: ChildProcess | undefined
  const teardown = async () => {
    await stop(site)
    await lake?.stop()
  }
  try {
    lake = await startLakeFixture({
      config: lakeConfig(siteUrl, clusterUrl, secrets.revalidate),
      log: join(logsDir, 'e2e-lake.log'),
      timeoutMs: 60_000,
    })

    // An older story the build leaves out, for archive.spec.ts: it pre-renders the newest one only.
    await writeArchivedStory(lake.url)
    const env = { ...siteEnv(lake.url, siteUrl, secrets), ...deployment }
    const buildStarted = performance.now()
    const build = start(
      [nextBin, 'build'],
      { ...env, SITE_PRERENDER_STORIES: E2E_PRERENDERED_STORIES },
      'e2e-next-build.log',
    )
    const code = await finished(build)
    const buildLog = readFileSync(join(logsDir, 'e2e-next-build.log'), 'utf8')
    if (code !== 0) throw new Error(`next build failed (${code}):\n${buildLog.slice(-4000)}`)
    console.log(`e2e: next build took ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`)

    site = await startSite(env, webPort, SITE_LOG)
  } catch (error) {
    await teardown()
    throw error
  }

  Object.assign(process.env, {
    ...deployment,
    E2E_CLUSTER_CACHE_PORT: new URL(clusterUrl).port,
    E2E_SITE_URL: siteUrl,
    E2E_LAKE_URL: lake.url,
    E2E_LAKE_PID: String(lake.process.pid),
    E2E_PREVIEW_SECRET: secrets.preview,
    E2E_REVALIDATE_SECRET: secrets.revalidate,
  })
  return teardown
}
