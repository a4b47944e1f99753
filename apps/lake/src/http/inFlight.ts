import type { ServerResponse } from 'node:http'
import type { Http2ServerResponse } from 'node:http2'

type OpenResponse = ServerResponse | Http2ServerResponse

/** How often a stopping lake looks again at what is still being answered. */
const DRAIN_POLL_MS = 50

/** An event stream (`/data/listen`, `/data/live/events`) never finishes by itself: stopping ends it. */
function isEventStream(res: OpenResponse): boolean {
  const type = res.getHeader('content-type')
  return typeof type === 'string' && type.startsWith('text/event-stream')
}

/**
 * The responses the lake is writing, so a stopping lake (SIGTERM from systemd, Ctrl-C) lets each
 * request it took finish, a write acknowledged or refused, instead of cutting it: a client whose
 * connection is cut cannot tell whether its write was committed.
 */
export class RequestsInFlight {
  readonly #open = new Set<OpenResponse>()

  track(res: OpenResponse): void {
    this.#open.add(res)
    res.once('close', () => this.#open.delete(res))
  }

  /** Requests still being answered, event streams left out. */
  get count(): number {
    return [...this.#open].filter((res) => !isEventStream(res)).length
  }

  /**
   * Ends every event stream (clients reconnect to the next lake, as they do after any
   * disconnect) and resolves once the other requests have been answered, or after `timeoutMs`
   * with how many were still open.
   */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      // Looked at on every pass: a stream whose request arrived just before the stop opens later.
      for (const res of this.#open) if (isEventStream(res) && !res.writableEnded) res.end()
      const left = this.count
      if (left === 0 || Date.now() >= deadline) return left
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS))
    }
  }
}
