// `npm run dev`: the lake, the site and the Studio, once their ports are known to be free. A
// taken port is one line (which port, what holds it, how to choose another) instead of a stack
// trace buried in npm and turbo output; the ports come from the same variables that point the
// processes at each other (packages/sanity/src/localAddresses.ts). All three run here as child
// node processes, each line of their output prefixed with its name: going through turbo and each
// workspace's `npm run dev` would keep one more npm process (~70 MB) and a shell alive per app
// for as long as they run.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { findTakenPorts, takenPortsLine } from '../apps/lake/src/portHolder.ts'
import { localAddresses } from '../packages/sanity/src/localAddresses.ts'

const root = join(import.meta.dirname, '..')
const LAKE_CLI = join(root, 'apps', 'lake', 'src', 'cli.ts')
const WEB_DIR = join(root, 'apps', 'web')
const STUDIO_DIR = join(root, 'studio')
/** Each app's own CLI, resolved from its workspace as its `npm run dev` would find it. */
const binOf = (dir: string, pkg: string, bin: string) =>
  join(createRequire(join(dir, 'package.json')).resolve(`${pkg}/package.json`), '..', bin)

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
  const { ports } = localAddresses(process.env)
  const children = [
    start('lake', [LAKE_CLI, 'serve'], root, env),
    start(
      'web',
      [binOf(WEB_DIR, 'next', 'dist/bin/next'), 'dev', '--port', String(ports.WEB_PORT)],
      WEB_DIR,
      env,
    ),
    // What studio/package.json's dev script sets: the Studio reads SANITY_STUDIO_* only.
    start('studio', [binOf(STUDIO_DIR, 'sanity', 'bin/sanity'), 'dev'], STUDIO_DIR, {
      ...env,
      SANITY_STUDIO_LAKE_TLS_PORT: String(ports.LAKE_TLS_PORT),
      SANITY_STUDIO_SERVER_PORT: String(ports.STUDIO_PORT),
    }),
  ]
  // Ctrl-C reaches every child from the terminal directly; wait for them to stop and say so.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => {
    for (const { child } of children) child.kill('SIGTERM')
  })
  const codes = await Promise.all(children.map(({ child, name }) => exitOf(child, name)))
  return codes.find((code) => code !== 0) ?? 0
}

/** A child node process whose output lines carry its name, as turbo's did. */
function start(
  name: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): { name: string; child: ChildProcess } {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['inherit', 'pipe', 'pipe'] })
  const prefix = `${name}:`.padEnd(8)
  const relay = (from: NodeJS.ReadableStream | null, to: NodeJS.WriteStream) => {
    if (!from) return
    // The lake names itself already ("lake: serving ..."); the others do not.
    createInterface({ input: from }).on('line', (line) =>
      to.write(line.startsWith(`${name}:`) ? `${line}\n` : `${prefix}${line}\n`),
    )
  }
  relay(child.stdout, process.stdout)
  relay(child.stderr, process.stderr)
  return { name, child }
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
