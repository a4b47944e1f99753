import type { ChildProcess } from 'node:child_process'
import { waitForHealth } from '@slideshow/testkit/processes'

// The specs' names for the test kit's helpers; the kit holds the one implementation.
export { exitCode, startNode, stopProcess as stopChild } from '@slideshow/testkit/processes'

/** Polls `url` until it answers 2xx, failing early if the process behind it exits. */
export function waitForUrl(
  url: string,
  child: ChildProcess,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  return waitForHealth(url, child, { what, timeoutMs })
}
