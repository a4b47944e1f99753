// `npm run dev`: the lake, the site and the Studio through turbo, once their ports are known to be
// free. A taken port is one line (which port, what holds it, how to choose another) instead of
// a stack trace buried in npm and turbo output; the ports come from the same variables that
// point the processes at each other (packages/sanity/src/localAddresses.ts).
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { findTakenPorts, takenPortsLine } from '../apps/lake/src/portHolder.ts'
import { localAddresses } from '../packages/sanity/src/localAddresses.ts'

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
  const turbo = spawn('turbo', ['run', 'dev', '--parallel'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', SANITY_TELEMETRY_DISABLED: '1' },
  })
  // Ctrl-C reaches turbo from the terminal directly; wait for it to stop its tasks and say so.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => turbo.kill('SIGTERM'))
  return new Promise((resolve) => {
    turbo.once('error', (error) => {
      console.error(`dev: could not start turbo: ${error.message}`)
      resolve(1)
    })
    turbo.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dev: ${(error as Error).message}`)
    process.exit(1)
  },
)
