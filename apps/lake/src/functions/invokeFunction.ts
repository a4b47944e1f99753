import { spawn } from 'node:child_process'
import { dirname } from 'node:path'
import { siblingModule } from '../files/siblingModule.ts'
import type { LakeFunction } from './declarations.ts'
import type { FromFunction, ToFunction } from './functionProtocol.ts'

export interface Invocation {
  context: Record<string, unknown>
  event: { data: unknown }
}

export interface InvocationOutcome {
  ok: boolean
  error: string | null
  /** What the function printed (stdout and stderr, in order), the last 64 KiB of it. */
  logs: string
  durationMs: number
}

const LOG_LIMIT = 64 * 1024

/**
 * Runs one invocation of a function in a process of its own (functionProcess.ts), as hosted runs
 * each in its own sandbox: the function's folder as working directory, the environment of the
 * command `lake exec` runs (so its clients reach the lake too) with the blueprint's `env` on top,
 * and its time limit. `onDone` hears its `done(syncTags)` calls.
 */
export function invokeFunction(
  fn: LakeFunction,
  invocation: Invocation,
  options: { env: NodeJS.ProcessEnv; signal: AbortSignal; onDone?: (syncTags: string[]) => void },
): Promise<InvocationOutcome> {
  const started = performance.now()
  const child = spawn(process.execPath, [siblingModule(import.meta.url, 'functionProcess').pathname], {
    cwd: dirname(fn.entry),
    env: { ...options.env, ...fn.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let logs = ''
  const append = (chunk: Buffer) => {
    logs = (logs + chunk.toString('utf8')).slice(-LOG_LIMIT)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  let result: FromFunction | undefined
  child.on('message', (message: FromFunction) => {
    if (message.type === 'done') options.onDone?.(message.syncTags)
    else result = message
  })
  const stop = () => child.kill('SIGKILL')
  const timer = setTimeout(stop, fn.timeoutMs)
  options.signal.addEventListener('abort', stop, { once: true })
  const message: ToFunction = { entry: fn.entry, kind: fn.kind, ...invocation }
  child.send(message)
  return new Promise((resolve) => {
    const finish = (error: string | null) => {
      clearTimeout(timer)
      options.signal.removeEventListener('abort', stop)
      resolve({ ok: error === null, error, logs, durationMs: Math.round(performance.now() - started) })
    }
    child.once('error', (error) => finish(error.message))
    child.once('close', (code, signal) => {
      if (result?.type === 'result') return finish(result.ok ? null : result.error)
      if (signal === 'SIGKILL' && !options.signal.aborted)
        return finish(`Timeout: the function exceeded its ${fn.timeoutMs / 1000}-second time limit`)
      finish(`the function's process ended (${signal ?? `exit ${code}`}) before it finished`)
    })
  })
}
