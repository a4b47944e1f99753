import { spawn } from 'node:child_process'
import { callerDir, type LakeConfig } from '../config.ts'
import type { RunningLake } from '../server.ts'
import { execEnvironment } from './execEnvironment.ts'
import { lakeForCommand } from './lakeForCommand.ts'

/** What runs beside the lake exec started, for the command's lifetime (its app's functions); returns its stop. */
export type Companion = (lake: RunningLake, env: NodeJS.ProcessEnv) => Promise<() => Promise<void>>

/**
 * `lake exec -- <command…>`: runs the command in the folder `lake` was typed in, with the lake
 * standing in for Sanity's hosts in every Node.js process it starts (execEnvironment.ts), and
 * answers with its exit code. The lake is the one running for this data dir, or one started for
 * the command and stopped after it, with `companion` (the app's functions) beside it.
 */
export async function execCommand(
  config: LakeConfig,
  command: string[],
  options: { log?: (line: string) => void; companion?: Companion } = {},
): Promise<number> {
  const [program, ...args] = command
  if (!program) throw new Error('Usage: lake exec -- <command> [arguments…]')
  const log = options.log ?? ((line: string) => console.error(line))
  const lake = await lakeForCommand(config, log)
  const env = execEnvironment(lake, process.env)
  const stopCompanion =
    lake.started && options.companion ? await options.companion(lake.started, env) : undefined
  try {
    return await run(program, args, env)
  } finally {
    await stopCompanion?.()
    await lake.started?.close()
  }
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(program, args, { cwd: callerDir(), env, stdio: 'inherit' })
  // Ctrl-C reaches the command from the terminal itself; wait for it to finish, then stop the lake.
  const ignore = () => {}
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  process.on('SIGINT', ignore)
  process.on('SIGTERM', forward)
  process.on('SIGHUP', forward)
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`lake exec: cannot run "${program}": ${error.message}`)))
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore)
      process.off('SIGTERM', forward)
      process.off('SIGHUP', forward)
      resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 0))
    })
  })
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal as string]
}
