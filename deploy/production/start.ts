// `npm start`: the production set in the foreground, as the systemd units in deploy/systemd/ run
// it: the lake, the built site, Varnish in front of the site and Caddy in front of everything
// (HTTPS, HTTP/2, compression, the Studio's static files), configured by `.env.production`.
import { mkdtempSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { findTakenPorts, takenPortsLine } from '../../apps/lake/src/portHolder.ts'
import { firstStart } from './firstStart.ts'
import { checkReadyToServe, refuse, settingsOrExit } from './preflight.ts'
import { cacheEnv, caddyEnv, type Env, lakeEnv, lakeHosts, siteEnv } from './processEnv.ts'
import { PROCESSES, type ProcessName } from './processes.ts'
import type { ProductionSettings } from './settings.ts'
import { type Ready, type Running, startProcess, stopProcess, waitUntilReady } from './supervisor.ts'

const COMMAND = 'npm start'
const log = (line: string) => console.log(line)

/** A first start seeds the story, photos and all, before the lake answers. */
const READY_TIMEOUT_MS: Record<ProcessName, number> = {
  lake: 300_000,
  site: 120_000,
  cache: 60_000,
  caddy: 60_000,
}

function readiness(settings: ProductionSettings): Record<ProcessName, Ready> {
  const { ports } = settings
  return {
    lake: { http: `http://127.0.0.1:${ports.lake}/health` },
    site: { http: `http://127.0.0.1:${ports.web}/status` },
    cache: { http: `http://127.0.0.1:${ports.cache}/status` },
    caddy: { tcp: settings.httpsPort },
  }
}

/** Where Caddy keeps its CA and certificates: its default, `$XDG_DATA_HOME/caddy` or `~/.local/share/caddy`. */
function caddyCaFile(env: NodeJS.ProcessEnv): string {
  const data = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share')
  return join(data, 'caddy', 'pki', 'authorities', 'local', 'root.crt')
}

function servingLines(settings: ProductionSettings): string {
  const [, projectHost] = lakeHosts(settings)
  const port = settings.httpsPort === 443 ? '' : `:${settings.httpsPort}`
  const certificates =
    settings.tls === 'internal'
      ? `Caddy's own CA (trust ${caddyCaFile(process.env)} to open them without a warning)`
      : `from Let's Encrypt for each name (DNS must point every name here, ports 80 and 443 open)`
  return `production: serving
  site          ${settings.siteUrl}
  Studio        ${settings.studioUrl}
  lake API      ${settings.lakeUrl} and https://${projectHost}${port} (the Studio calls this one)
  certificates  ${certificates}
  Ctrl-C stops everything, the lake last`
}

async function main(): Promise<number> {
  const settings = settingsOrExit(COMMAND)
  checkReadyToServe(COMMAND, settings, true)
  const taken = await findTakenPorts({
    LAKE_PORT: settings.ports.lake,
    LAKE_TLS_PORT: settings.ports.lakeTls,
    WEB_PORT: settings.ports.web,
    CACHE_PORT: settings.ports.cache,
    CADDY_HTTP_PORT: settings.httpPort,
    // Not a variable of its own: the port in SITE_URL, STUDIO_URL and LAKE_PUBLIC_URL.
    'the HTTPS port of the three URLs': settings.httpsPort,
  })
  if (taken.length > 0) refuse(COMMAND, [takenPortsLine(taken, COMMAND)])
  const secrets = await firstStart(settings, log)
  const cacheDir = mkdtempSync(join(tmpdir(), 'slideshow-cache-'))
  const envs: Record<ProcessName, Env> = {
    lake: lakeEnv(settings),
    site: siteEnv(settings, secrets),
    cache: cacheEnv(settings, { workDir: cacheDir, jail: process.getuid?.() === 0 }),
    caddy: caddyEnv(settings),
  }
  try {
    return await run(settings, envs)
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

async function run(settings: ProductionSettings, envs: Record<ProcessName, Env>): Promise<number> {
  const running: Running[] = []
  const { promise: done, resolve: finish } = Promise.withResolvers<number>()
  let stopping = false
  const stopAll = (reason: string, code: number): Promise<number> => {
    if (stopping) return done
    stopping = true
    void (async () => {
      log(
        `production: ${reason}; stopping ${running
          .map(({ name }) => name)
          .reverse()
          .join(', ')}`,
      )
      for (const one of [...running].reverse()) {
        const exit = await stopProcess(one, log)
        log(`production: ${one.name} stopped ${one.clean(exit) ? 'cleanly' : 'with an error'} (exit ${exit})`)
      }
      finish(code)
    })()
    return done
  }
  process.once('SIGTERM', () => void stopAll('SIGTERM', 0))
  process.once('SIGINT', () => void stopAll('Ctrl-C', 0))
  const ready = readiness(settings)
  for (const spec of PROCESSES) {
    if (stopping) break
    const one = startProcess(spec, { ...process.env, ...envs[spec.name] }, log)
    running.push(one)
    log(`production: started ${spec.name} (pid ${one.child.pid})`)
    // One exiting on its own (or stopped by someone) takes the set down: nothing half-served.
    void one.exited.then((code) => stopAll(`${one.name} exited (${code})`, one.clean(code) ? 0 : 1))
    try {
      await waitUntilReady(one, ready[spec.name], READY_TIMEOUT_MS[spec.name])
    } catch (error) {
      return stopAll((error as Error).message, 1)
    }
  }
  if (!stopping) log(servingLines(settings))
  return done
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`${COMMAND}: ${(error as Error).message}`)
    process.exit(1)
  },
)
