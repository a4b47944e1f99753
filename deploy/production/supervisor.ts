/*
 * `npm start`'s side of the production set: each process started as its systemd unit starts it,
 * its output prefixed with its name, the next one only once it answers; on SIGTERM or Ctrl-C (or
 * when one of them exits) the others are stopped, the last started first, each with SIGTERM, as
 * systemd stops a unit.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { createInterface } from 'node:readline'
import { expandArgs, type ProcessName, type ProcessSpec } from './processes.ts'

/** A stopping lake lets its requests finish for up to 20 s (apps/lake/src/server.ts). */
const STOP_TIMEOUT_MS = 30_000
const READY_POLL_MS = 250

export type Ready = { http: string } | { tcp: number }

export interface Running {
  name: ProcessName
  child: ChildProcess
  exited: Promise<number>
  /** Whether an exit code is what a clean stop ends with. */
  clean(code: number): boolean
}

export function startProcess(
  spec: ProcessSpec,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Running {
  const command = spec.command === 'node' ? process.execPath : spec.command
  const child = spawn(command, expandArgs(spec.args, env), {
    cwd: spec.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const prefix = `${spec.name}:`.padEnd(8)
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    // The lake names itself already ("lake: serving ..."); the others do not.
    createInterface({ input: stream }).on('line', (line) =>
      log(line.startsWith(`${spec.name}:`) ? line : `${prefix}${line}`),
    )
  }
  const exited = new Promise<number>((resolve) => {
    child.once('error', (error) => {
      log(`production: could not start ${spec.name}: ${error.message}`)
      resolve(1)
    })
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
  })
  return { name: spec.name, child, exited, clean: (code) => code === 0 || spec.cleanExits.includes(code) }
}

/** Resolves once the process answers; rejects if it exits first or takes longer than `timeoutMs`. */
export async function waitUntilReady(running: Running, ready: Ready, timeoutMs: number): Promise<void> {
  let exitCode: number | undefined
  void running.exited.then((code) => {
    exitCode = code
  })
  const deadline = Date.now() + timeoutMs
  while (!(await answers(ready))) {
    if (exitCode !== undefined) throw new Error(`${running.name} exited (${exitCode}) before it was ready`)
    if (Date.now() > deadline) throw new Error(`${running.name} did not answer within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS))
  }
}

async function answers(ready: Ready): Promise<boolean> {
  if ('tcp' in ready) return accepts(ready.tcp)
  try {
    const response = await fetch(ready.http, { signal: AbortSignal.timeout(5000) })
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** SIGTERM, then SIGKILL if it has not exited in time; resolves with its exit code. */
export async function stopProcess(running: Running, log: (line: string) => void): Promise<number> {
  const { child } = running
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  const timer = setTimeout(() => {
    log(`production: ${running.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`)
    child.kill('SIGKILL')
  }, STOP_TIMEOUT_MS)
  const code = await running.exited
  clearTimeout(timer)
  return code
}
