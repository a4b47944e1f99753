import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@slideshow/lake/src/config.ts'
import { startLake } from '@slideshow/lake/src/server.ts'
import { siteRevalidateWebhook } from '@slideshow/lake/src/webhooks/webhookConfig.ts'
import { recordBuilds } from '@slideshow/testkit/builds'
import { SECOND_EDITOR, SITE_READ_TOKEN } from './support/constants.ts'
import { freePort } from './support/freePort.ts'
import { type RunningSite, SITE_DIST_DIR, siteSkipReason, startSite } from './support/site.ts'
import { type StaticServer, serveStatic } from './support/staticServer.ts'
import { buildStudio } from './support/studioBuild.ts'

const logsDir = join(import.meta.dirname, '../../test-results')

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`
}

/**
 * Starts a seeded lake on free ports with a temp data dir (in this process, with the dev identity
 * on until the first account, as `npm run dev` has it: accounts.spec.ts adds accounts last), builds the Studio against it and serves the build, and, when the
 * reader site can be built here, builds and starts it with the lake's publish webhook pointing at it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(logsDir, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-e2e-lake-'))
  // Kept after the run (test-results is cleared at the next `npm test`): the production start's
  // test serves this build again instead of making its own (@slideshow/testkit/builds).
  const studioDir = join(logsDir, 'studio-build')
  rmSync(studioDir, { recursive: true, force: true })
  const siteSkip = siteSkipReason()
  const sitePort = await freePort()
  const studioPort = await freePort()
  // The site and the lake's webhook share a secret made for this run: `next start` has no built-in one.
  const revalidateSecret = randomBytes(32).toString('base64url')
  const lakeLog = createWriteStream(join(logsDir, 'lake.log'))
  const lake = await startLake(
    loadConfig(
      {},
      {
        dataDir,
        port: 0,
        tlsPort: 0,
        tokens: [
          { token: SECOND_EDITOR.token, role: 'editor', name: SECOND_EDITOR.name },
          { token: SITE_READ_TOKEN, role: 'viewer', name: 'Reader site' },
        ],
        // The Studio's and the site's origins, as the lake allows `npm run dev`'s by default.
        corsOrigins: [`http://localhost:${studioPort}`, `http://localhost:${sitePort}`],
        // Where the invite page sends people once their password is set (accounts.spec.ts).
        studioUrl: `http://localhost:${studioPort}`,
        webhooks: siteSkip
          ? []
          : [
              {
                ...siteRevalidateWebhook({
                  SITE_URL: `http://localhost:${sitePort}`,
                  SANITY_REVALIDATE_SECRET: revalidateSecret,
                }),
                retryBaseMs: 200,
              },
            ],
      },
    ),
    (line) => lakeLog.write(`${line}\n`),
  )
  let site: RunningSite | undefined
  let studio: StaticServer | undefined
  const teardown = async () => {
    await site?.close()
    await studio?.close()
    await lake.close()
    lakeLog.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
  // Presentation's preview URL, which the Studio's build reads as studio/package.json hands SITE_URL on.
  process.env.SANITY_STUDIO_SITE_URL = `http://localhost:${sitePort}`
  try {
    const started = performance.now()
    // The two builds overlap: the Studio's is short, and the site's mostly waits on the lake. Both
    // are awaited even when one fails, so teardown never misses a server that was still starting.
    const builds = await Promise.allSettled([
      buildStudio(studioDir, lake.httpsUrl, join(logsDir, 'sanity-build.log')).then(() =>
        console.log(`studio e2e: sanity build ${seconds(started)}`),
      ),
      siteSkip
        ? console.log(`studio e2e: reader site skipped: ${siteSkip}`)
        : startSite({ lakeUrl: lake.httpUrl, port: sitePort, logsDir, revalidateSecret }).then((running) => {
            site = running
            console.log(`studio e2e: next build + start ${seconds(started)}`)
          }),
    ])
    for (const build of builds) if (build.status === 'rejected') throw build.reason
    studio = await serveStatic(studioDir, studioPort)
    recordBuilds({
      studioDist: studioDir,
      studioApiHost: lake.httpsUrl,
      ...(site ? { siteDistDir: SITE_DIST_DIR, siteLakeUrl: lake.httpUrl } : {}),
    })
    Object.assign(process.env, {
      STUDIO_E2E_STUDIO_URL: studio.url,
      STUDIO_E2E_LAKE_URL: lake.httpUrl,
      STUDIO_E2E_SPKI: lake.tls.spkiHash,
      STUDIO_E2E_SITE_URL: site?.url ?? '',
      STUDIO_E2E_SITE_SKIP: siteSkip ?? '',
      // For accounts.spec.ts: the data dir the `lake users` commands work on, the port their
      // invite links name, and the data dir's own administrator token (the Sanity CLI's).
      STUDIO_E2E_LAKE_DATA_DIR: dataDir,
      STUDIO_E2E_LAKE_TLS_PORT: new URL(lake.httpsUrl).port,
      STUDIO_E2E_ADMIN_TOKEN: lake.lake.secrets.cliToken,
    })
  } catch (error) {
    await teardown()
    throw error
  }
  return teardown
}
