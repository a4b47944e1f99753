import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface StartOptions {
  cwd?: string
  /** The child's whole environment; `process.env` when not given. */
  env?: NodeJS.ProcessEnv
  /** The file that gets the child's stdout and stderr. */
  log: string
  /** Add to `log` rather than start it afresh (several processes of one run sharing a log). */
  append?: boolean
}

/** Children still running, oldest first: `stopAll` ends them, and so does this process's exit. */
const running = new Set<ChildProcess>()
let exitHooked = false

/**
 * Starts `command` in a process group of its own, its output written straight to `log` (a file
 * descriptor, so nothing is lost if this process is busy or gone). The group is what `stopProcess`
 * signals: `next start`, npm and the lake's seeding child all spawn children of their own.
 */
export function startProcess(command: string, args: string[], options: StartOptions): ChildProcess {
  mkdirSync(dirname(options.log), { recursive: true })
  const fd = openSync(options.log, options.append ? 'a' : 'w')
  let child: ChildProcess
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', fd, fd],
      detached: true,
    })
  } finally {
    closeSync(fd)
  }
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  if (!exitHooked) {
    process.once('exit', killLeftovers)
    exitHooked = true
  }
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

/** Runs a Node script with this process's Node (the pinned Node 24, as npm/npx run it). */
export function startNode(script: string, args: string[], options: StartOptions): ChildProcess {
  return startProcess(process.execPath, [script, ...args], options)
}

/** Resolves when the child has exited, with its exit code (1 when a signal ended it). */
export function exitCode(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  if (child.signalCode !== null) return Promise.resolve(1)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
}

/** The last lines of a log, for an error message that says why a process failed. */
export function tail(log: string, lines = 30): string {
  if (!existsSync(log)) return ''
  return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
}

/**
 * Polls `url` until it answers 2xx, failing at once if the process behind it exits (with the end
 * of its log, when given) rather than waiting out the timeout.
 */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  options: { what: string; log?: string; timeoutMs?: number },
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const logTail = () => (options.log ? `:\n${tail(options.log)}` : '')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.what} exited (${child.exitCode ?? child.signalCode})${logTail()}`)
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${options.what} did not answer ${url} within ${timeoutMs} ms${logTail()}`)
}

/**
 * Stops the child's process group: SIGTERM, then SIGKILL after `graceMs`. Only this group,
 * never processes found by name, which could be another run's.
 */
export async function stopProcess(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = exitCode(child)
  signalGroup(child, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Stops every child still running, the most recently started first (a site before its lake). */
export async function stopAll(): Promise<void> {
  for (const child of [...running].reverse()) await stopProcess(child)
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}

/** A group of its own does not die with its parent: a run that ends without teardown leaves none behind. */
function killLeftovers(): void {
  for (const child of running) signalGroup(child, 'SIGKILL')
}
