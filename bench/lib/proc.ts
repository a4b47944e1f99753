// Child processes for the bench: start them with their output in a log file, wait until they
// answer, stop them (and only them), and sample their memory from /proc. Starting, waiting and
// stopping are the test kit's; this module gives them the bench's names and its `Started` record.
import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { exitCode, startProcess, stopProcess, waitForHealth } from '@slideshow/testkit/processes'

export { freePort } from '@slideshow/testkit/ports'
export { stopAll, tail } from '@slideshow/testkit/processes'

export interface Started {
  name: string
  child: ChildProcess
  pid: number
  log: string
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Spawns `command` in its own process group, stdout and stderr appended to `log`. */
export function start(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; log: string },
): Started {
  const child = startProcess(command, args, { ...options, append: true })
  // startProcess throws when there is no pid, so there is one.
  return { name, child, pid: child.pid as number, log: options.log }
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
    ? setTimeout(() => void stopProcess(started.child, 0), options.timeoutMs)
    : undefined
  const code = await exitCode(started.child)
  if (timer) clearTimeout(timer)
  return { code, seconds: (performance.now() - began) / 1000 }
}

/** Polls `url` until it answers 2xx, failing early (with the end of its log) if the process exits. */
export function waitForUrl(url: string, started: Started, timeoutMs = 60_000): Promise<void> {
  return waitForHealth(url, started.child, { what: started.name, log: started.log, timeoutMs })
}

/** SIGTERM, then SIGKILL after `graceMs`, to the process's group only, never by name. */
export function stop(started: Started | undefined, graceMs = 10_000): Promise<void> {
  return stopProcess(started?.child, graceMs)
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
