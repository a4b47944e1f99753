import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reusableBuilds } from '@slideshow/testkit/builds'
import { freePort } from '@slideshow/testkit/ports'
import { isPortTaken } from '../../../apps/lake/src/portHolder.ts'
import { WEB_DIR } from '../../production/builds.ts'
import type { ProcessName } from '../../production/processes.ts'
import { REPO_ROOT } from '../../production/settings.ts'

export const RESULTS = join(REPO_ROOT, 'deploy', 'test-results')
const BUILD = join(REPO_ROOT, 'deploy', 'production', 'build.ts')

/** The names of a run on this machine: `*.localhost` reaches loopback in browsers without DNS. */
export const HOSTS = { site: 'site.localhost', studio: 'studio.localhost', lake: 'localhost' } as const

export interface Layout {
  httpsPort: number
  lakePort: number
  studioDist: string
  nextDistDir: string
  /** Builds the Studio's e2e made and this run serves again, or this run's own, removed after. */
  reused: boolean
}

/**
 * Where the builds come from. After the Studio's e2e (turbo.json runs this suite after it), its
 * Studio and site builds are served again: they were made for a lake at `https://localhost:<port>`
 * (which the Studio calls as `https://local.localhost:<port>`) and a lake HTTP port, so this run
 * takes those ports, names the lake `localhost`, and is a production start like any other.
 * Alone, it builds with `npm run build` as an operator does (a few minutes more).
 */
async function layout(): Promise<Layout> {
  const builds = reusableBuilds(WEB_DIR)
  if (builds?.siteDistDir && builds.siteLakeUrl) {
    const httpsPort = Number(new URL(builds.studioApiHost).port)
    const lakePort = Number(new URL(builds.siteLakeUrl).port)
    if (!(await isPortTaken(httpsPort)) && !(await isPortTaken(lakePort))) {
      return {
        httpsPort,
        lakePort,
        studioDist: builds.studioDist,
        nextDistDir: builds.siteDistDir,
        reused: true,
      }
    }
  }
  return {
    httpsPort: await freePort(),
    lakePort: await freePort(),
    studioDist: mkdtempSync(join(tmpdir(), 'production-test-studio-')),
    nextDistDir: '.next-production-test',
    reused: false,
  }
}

export interface ProductionRun {
  layout: Layout
  ports: { https: number; http: number; lake: number; cache: number }
  urls: { site: string; studio: string; lake: string }
  dataDir: string
  /** Caddy's data dir (its CA, its certificates): XDG_DATA_HOME/caddy. */
  caddyData: string
  /** The lake's environment for `npm run lake -- ...` on this run's data dir. */
  lakeCommandEnv: NodeJS.ProcessEnv
  pids: Partial<Record<ProcessName, number>>
  /** `npm start`'s own process. */
  npmPid: number
  output(): string
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>
  exited: Promise<number>
  stop(): Promise<void>
}

function writeEnvFile(file: string, variables: Record<string, string>): void {
  writeFileSync(
    file,
    Object.entries(variables)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  )
}

/** The environment `npm start` and `npm run build` get: nothing of the test runner's but the basics. */
function cleanEnv(root: string, envFile: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PRODUCTION_ENV_FILE: envFile,
    XDG_DATA_HOME: join(root, 'xdg-data'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    NEXT_TELEMETRY_DISABLED: '1',
    SANITY_TELEMETRY_DISABLED: '1',
  }
}

/** `.env.production` for this run, the builds (reused or made), then `npm start` until it serves. */
export async function startProduction(): Promise<ProductionRun> {
  mkdirSync(RESULTS, { recursive: true })
  const root = mkdtempSync(join(tmpdir(), 'production-test-'))
  const chosen = await layout()
  const ports = {
    https: chosen.httpsPort,
    http: await freePort(),
    lake: chosen.lakePort,
    cache: await freePort(),
  }
  const port = `:${ports.https}`
  const urls = {
    site: `https://${HOSTS.site}${port}`,
    studio: `https://${HOSTS.studio}${port}`,
    lake: `https://${HOSTS.lake}${port}`,
  }
  const dataDir = join(root, 'lake')
  const envFile = join(root, '.env.production')
  writeEnvFile(envFile, {
    SITE_URL: urls.site,
    STUDIO_URL: urls.studio,
    LAKE_PUBLIC_URL: urls.lake,
    LAKE_DATA_DIR: dataDir,
    CADDY_HTTP_PORT: String(ports.http),
    CADDY_ADMIN: 'off',
    LAKE_PORT: String(ports.lake),
    LAKE_TLS_PORT: String(await freePort()),
    WEB_PORT: String(await freePort()),
    CACHE_PORT: String(ports.cache),
    STUDIO_DIST_DIR: chosen.studioDist,
    NEXT_DIST_DIR: chosen.nextDistDir,
  })
  const env = cleanEnv(root, envFile)
  if (!chosen.reused) build(env)

  const log = createWriteStream(join(RESULTS, 'production-start.log'))
  // `npm start` itself, as an operator or a supervisor runs it: a SIGTERM goes to npm, which hands
  // it on to its script, so the script must exec node to receive it (package.json).
  const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    log.write(chunk)
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
  const run: ProductionRun = {
    layout: chosen,
    ports,
    urls,
    dataDir,
    caddyData: join(root, 'xdg-data', 'caddy'),
    lakeCommandEnv: {
      ...process.env,
      LAKE_DATA_DIR: dataDir,
      LAKE_PUBLIC_URL: urls.lake,
      STUDIO_URL: urls.studio,
    },
    pids: {},
    npmPid: child.pid ?? 0,
    output: () => output,
    waitForOutput: (pattern, timeoutMs) => waitForOutput(child, () => output, pattern, timeoutMs),
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      log.end()
      rmSync(root, { recursive: true, force: true })
      if (!chosen.reused) {
        rmSync(chosen.studioDist, { recursive: true, force: true })
        rmSync(join(WEB_DIR, chosen.nextDistDir), { recursive: true, force: true })
      }
    },
  }
  try {
    await run.waitForOutput(/production: serving/, 600_000)
  } catch (error) {
    await run.stop()
    throw error
  }
  for (const [, name, pid] of output.matchAll(/production: started (\w+) \(pid (\d+)\)/g)) {
    run.pids[name as ProcessName] = Number(pid)
  }
  return run
}

function build(env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, [BUILD], { cwd: REPO_ROOT, env, encoding: 'utf8' })
  writeFileSync(join(RESULTS, 'production-build.log'), `${result.stdout}${result.stderr}`)
  if (result.status !== 0)
    throw new Error(`npm run build failed:\n${`${result.stdout}${result.stderr}`.slice(-4000)}`)
}

function waitForOutput(
  child: ChildProcess,
  output: () => string,
  pattern: RegExp,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(output())) return
      clearTimeout(timer)
      child.stdout?.off('data', check)
      child.stderr?.off('data', check)
      resolve()
    }
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s:\n${output().slice(-4000)}`)),
      timeoutMs,
    )
    child.stdout?.on('data', check)
    child.stderr?.on('data', check)
    child.once('exit', () => {
      clearTimeout(timer)
      if (!pattern.test(output()))
        reject(new Error(`npm start exited before ${pattern}:\n${output().slice(-4000)}`))
    })
    check()
  })
}
