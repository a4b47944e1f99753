import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEV_REVALIDATE_SECRET } from '@slideshow/sanity/env'
import { ADMIN_TOKEN, PREVIEW_SECRET, SILENT_ID_PREFIX, VIEWER_TOKEN } from './support/constants'

const webDir = fileURLToPath(new URL('../..', import.meta.url))
const lakeCli = fileURLToPath(new URL('../../../lake/src/cli.ts', import.meta.url))
const logsDir = join(webDir, 'test-results')
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitFor(url: string, process: ChildProcess, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`${what} exited with code ${process.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`)
}

function start(command: string[], env: NodeJS.ProcessEnv, log: string, cwd = webDir): ChildProcess {
  const child = spawn(process.execPath, command, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const out = createWriteStream(join(logsDir, log))
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  return child
}

function finished(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return
  const exited = finished(child)
  child.kill('SIGTERM')
  await exited
}

/** The site's environment: only the variables DESIGN.md names, pointed at this run's lake. */
function siteEnv(lakeUrl: string, siteUrl: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SANITY_') && name !== 'SITE_URL'),
  )
  return {
    ...inherited,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    SANITY_API_HOST: lakeUrl,
    SANITY_API_READ_TOKEN: VIEWER_TOKEN,
    SANITY_PREVIEW_SECRET: PREVIEW_SECRET,
    SITE_URL: siteUrl,
  }
}

/**
 * The lake's configuration for this run: the site's revalidation webhook as the lake registers it
 * by default, except for documents whose id starts with SILENT_ID_PREFIX, so a test can change
 * content without telling the site (and show that a forged webhook does not refresh it).
 */
function lakeConfig(siteUrl: string): object {
  return {
    devIdentity: false,
    tokens: [
      { token: ADMIN_TOKEN, role: 'administrator', name: 'e2e admin' },
      { token: VIEWER_TOKEN, role: 'viewer', name: 'e2e site reader' },
    ],
    webhooks: [
      {
        name: 'site-revalidate',
        url: `${siteUrl}/api/revalidate`,
        dataset: 'production',
        on: ['create', 'update', 'delete'],
        filter: `_type in ["article", "person"] && !string::startsWith(_id, "${SILENT_ID_PREFIX}")`,
        projection:
          '{_id, _type, "slug": slug.current, "previousSlug": before().slug.current, "operation": delta::operation()}',
        includeDrafts: false,
        secret: DEV_REVALIDATE_SECRET,
        retryBaseMs: 200,
      },
    ],
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(logsDir, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'web-e2e-lake-'))
  const [lakePort, lakeTlsPort, webPort] = [await freePort(), await freePort(), await freePort()]
  const lakeUrl = `http://127.0.0.1:${lakePort}`
  // localhost, not 127.0.0.1: Chromium keeps the draft-mode cookie (Secure) on http://localhost only.
  const siteUrl = `http://localhost:${webPort}`
  writeFileSync(join(dataDir, 'lake.config.json'), JSON.stringify(lakeConfig(siteUrl), null, 2))

  let lake: ChildProcess | undefined
  let site: ChildProcess | undefined
  const teardown = async () => {
    await stop(site)
    await stop(lake)
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    lake = start(
      [lakeCli, 'serve'],
      {
        ...process.env,
        LAKE_DATA_DIR: dataDir,
        LAKE_PORT: String(lakePort),
        LAKE_TLS_PORT: String(lakeTlsPort),
      },
      'e2e-lake.log',
    )
    await waitFor(`${lakeUrl}/health`, lake, 'The lake')

    const env = siteEnv(lakeUrl, siteUrl)
    const buildStarted = performance.now()
    const build = start([nextBin, 'build'], env, 'e2e-next-build.log')
    const code = await finished(build)
    const buildLog = readFileSync(join(logsDir, 'e2e-next-build.log'), 'utf8')
    if (code !== 0) throw new Error(`next build failed (${code}):\n${buildLog.slice(-4000)}`)
    console.log(`e2e: next build took ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`)

    site = start([nextBin, 'start', '--port', String(webPort)], env, 'e2e-next-start.log')
    await waitFor(`${siteUrl}/`, site, 'next start')
  } catch (error) {
    await teardown()
    throw error
  }

  Object.assign(process.env, {
    E2E_SITE_URL: siteUrl,
    E2E_LAKE_URL: lakeUrl,
    E2E_LAKE_PID: String(lake.pid),
  })
  return teardown
}
