// Child processes for the bench: start them with their output in a log file, wait until they
// answer, stop them (and only them), and sample their memory from /proc.
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'

export interface Started {
  name: string
  child: ChildProcess
  pid: number
  log: string
}

const running = new Set<Started>()

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Spawns `command` with stdout and stderr appended to `log`; remembered so `stopAll` can end it. */
export function start(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; log: string },
): Started {
  const fd = openSync(options.log, 'a')
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`)
  const started = { name, child, pid: child.pid, log: options.log }
  running.add(started)
  child.once('exit', () => running.delete(started))
  return started
}

export function exited(started: Started): Promise<number> {
  if (started.child.exitCode !== null) return Promise.resolve(started.child.exitCode)
  return new Promise((resolve) => started.child.once('exit', (code) => resolve(code ?? 1)))
}

/** Runs a command to completion, output to `log`; resolves with exit code and wall time. */
export async function runToEnd(
  name: string,
  command: string,
  args: string[],
  options: {
    cwd?: string
    env?: NodeJS.ProcessEnv
    log: string
    timeoutMs?: number
    onStart?: (started: Started) => void
  },
): Promise<{ code: number; seconds: number }> {
  const began = performance.now()
  const started = start(name, command, args, options)
  options.onStart?.(started)
  const timer = options.timeoutMs
    ? setTimeout(() => started.child.kill('SIGKILL'), options.timeoutMs)
    : undefined
  const code = await exited(started)
  if (timer) clearTimeout(timer)
  return { code, seconds: (performance.now() - began) / 1000 }
}

export function tail(log: string, lines = 30): string {
  if (!existsSync(log)) return ''
  return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
}

/** Polls `url` until it answers 2xx, failing early if the process exits. */
export async function waitForUrl(url: string, started: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) {
      throw new Error(`${started.name} exited (${started.child.exitCode}):\n${tail(started.log)}`)
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await sleep(200)
  }
  throw new Error(`${started.name} did not answer ${url} within ${timeoutMs} ms:\n${tail(started.log)}`)
}

/** SIGTERM, then SIGKILL after `graceMs`: this process only, never by name. */
export async function stop(started: Started | undefined, graceMs = 10_000): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return
  const done = exited(started)
  started.child.kill('SIGTERM')
  const timer = setTimeout(() => started.child.kill('SIGKILL'), graceMs)
  await done
  clearTimeout(timer)
}

/** Stops everything still running, the most recently started first (the cache before the site before the lake). */
export async function stopAll(): Promise<void> {
  for (const started of [...running].reverse()) await stop(started)
}

// --- memory ---

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM), in bytes. */
export function statusField(pid: number, field: string): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'),
    )
    return match ? Number(match[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}

/** The process and its descendants (next start may fork workers), from /proc/<pid>/stat. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const list = parents.get(ppid) ?? []
      list.push(Number(entry))
      parents.set(ppid, list)
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root]
  for (let index = 0; index < tree.length; index++) tree.push(...(parents.get(tree[index] as number) ?? []))
  return tree
}

export interface MemoryPeak {
  /** Highest sum of VmRSS over the process tree seen by polling every `intervalMs`. */
  polledPeakRssBytes: number
  /** VmHWM of each process in the tree after the peak counter was reset at the window's start. */
  vmHwmBytes: number
  processes: number
  intervalMs: number
}

/**
 * Samples a process tree's resident memory over a window: resets each process's peak (writing 5
 * to /proc/<pid>/clear_refs), polls VmRSS, and reads VmHWM when stopped.
 */
export function sampleMemory(root: number, intervalMs = 200, treeEvery = 25): { stop: () => MemoryPeak } {
  let tree = processTree(root)
  for (const pid of tree) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5')
    } catch {
      // Not permitted: VmHWM is then the lifetime peak.
    }
  }
  let peak = 0
  let polls = 0
  const poll = () => {
    // Walking /proc for children is the costly part: only every `treeEvery` polls, not to load
    // the machine being measured.
    if (++polls % treeEvery === 0) tree = processTree(root)
    const sum = tree.reduce((total, pid) => total + (statusField(pid, 'VmRSS') ?? 0), 0)
    peak = Math.max(peak, sum)
  }
  poll()
  const timer = setInterval(poll, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      poll()
      const pids = processTree(root)
      const hwm = pids.reduce((total, pid) => total + (statusField(pid, 'VmHWM') ?? 0), 0)
      return { polledPeakRssBytes: peak, vmHwmBytes: hwm, processes: pids.length, intervalMs }
    },
  }
}

/** CPU time (user + system, seconds) used so far by a process tree, from /proc/<pid>/stat. */
export function cpuSeconds(root: number): number {
  const ticksPerSecond = 100 // USER_HZ on Linux
  return processTree(root).reduce((total, pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime, stime, cutime, cstime are fields 14-17 of stat; here 0-based after "state" (field 3).
      const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0)
      return total + ticks / ticksPerSecond
    } catch {
      return total
    }
  }, 0)
}
