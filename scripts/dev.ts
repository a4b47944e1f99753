// `npm run dev`: the lake, the site and the Studio, once their ports are known to be free. A
// taken port is one line (which port, what holds it, how to choose another) instead of a stack
// trace buried in npm and turbo output; the ports come from the same variables that point the
// processes at each other (packages/sanity/src/localAddresses.ts). The lake runs here as a
// child node process; turbo would run it through `npm run dev`, one more npm process (~70 MB)
// for as long as the lake runs. The site and the Studio go through turbo.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { findTakenPorts, takenPortsLine } from '../apps/lake/src/portHolder.ts'
import { localAddresses } from '../packages/sanity/src/localAddresses.ts'

const LAKE_CLI = join(import.meta.dirname, '..', 'apps', 'lake', 'src', 'cli.ts')

/**
 * `next dev` runs once per folder whatever its port (it keeps a lock in .next/dev): a second
 * `npm run dev` on other ports would start the lake and the Studio and then fail on the site.
 */
function runningSite(): string | undefined {
  const lock = join(
    import.meta.dirname,
    '..',
    'apps',
    'web',
    process.env.NEXT_DIST_DIR || '.next',
    'dev',
    'lock',
  )
  try {
    const { pid, appUrl } = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number; appUrl: string }
    process.kill(pid, 0)
    return `the site already runs from this checkout (next dev at ${appUrl}, pid ${pid}), and next dev runs once per folder: stop that npm run dev first`
  } catch {
    return undefined
  }
}

async function main(): Promise<number> {
  const taken = await findTakenPorts(localAddresses(process.env).ports)
  if (taken.length > 0) {
    console.error(`dev: ${takenPortsLine(taken, 'npm run dev')}`)
    return 1
  }
  const site = runningSite()
  if (site) {
    console.error(`dev: ${site}`)
    return 1
  }
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    SANITY_TELEMETRY_DISABLED: '1',
  }
  const lake = spawn(process.execPath, [LAKE_CLI, 'serve'], { stdio: 'inherit', env })
  const turbo = spawn('turbo', ['run', 'dev', '--parallel', '--filter=!@slideshow/lake'], {
    stdio: 'inherit',
    env,
  })
  // Ctrl-C reaches both from the terminal directly; wait for them to stop and say so.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => {
    lake.kill('SIGTERM')
    turbo.kill('SIGTERM')
  })
  const [lakeCode, turboCode] = await Promise.all([exitOf(lake, 'the lake'), exitOf(turbo, 'turbo')])
  return lakeCode || turboCode
}

function exitOf(child: ChildProcess, name: string): Promise<number> {
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`dev: could not start ${name}: ${error.message}`)
      resolve(1)
    })
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dev: ${(error as Error).message}`)
    process.exit(1)
  },
)
