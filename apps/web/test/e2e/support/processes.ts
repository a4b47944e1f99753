import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startProcess, waitForHealth } from '@slideshow/testkit/processes'

// The specs' names for the test kit's helpers; the kit holds the one implementation.
export { freePort } from '@slideshow/testkit/ports'
export { exitCode as finished, stopProcess as stop } from '@slideshow/testkit/processes'

/** apps/web: where `next` runs, and whose test-results/ holds every server's log. */
export const webDir = fileURLToPath(new URL('../../..', import.meta.url))
export const logsDir = join(webDir, 'test-results')

export function waitFor(url: string, child: ChildProcess, what: string, timeoutMs = 60_000): Promise<void> {
  return waitForHealth(url, child, { what, timeoutMs })
}

/** Runs Node with `args` (a script and its arguments) with the pinned Node, its output in test-results/<log>. */
export function start(args: string[], env: NodeJS.ProcessEnv, log: string, cwd = webDir): ChildProcess {
  return startProcess(process.execPath, args, { cwd, env, log: join(logsDir, log) })
}
