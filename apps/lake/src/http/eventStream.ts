import type { RequestContext } from './context.ts'

const KEEP_ALIVE_MS = 20_000

/** `@sanity/client` turns this event into an error rather than a reconnect, as for hosted disconnects. */
const REVOKED = `event: disconnect\ndata: ${JSON.stringify({ reason: 'The token of this stream was revoked' })}\n\n`

export interface EventStream {
  write(chunk: string): void
  /** Runs once when the stream ends, whether the client left or its token was revoked. */
  onClose(cleanup: () => void): void
}

/**
 * Opens a Server-Sent Events response kept alive with `:` comments. A stream opened with a token
 * ends when that token is revoked, so a revoked editor stops receiving changes at once.
 */
export function openEventStream(context: RequestContext): EventStream {
  const { req, res, lake } = context
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...(req.httpVersionMajor === 1 ? { connection: 'keep-alive' } : {}),
  })
  const cleanups: Array<() => void> = []
  let open = true
  const close = () => {
    if (!open) return
    open = false
    for (const cleanup of cleanups) cleanup()
  }
  const keepAlive = setInterval(() => res.write(':\n\n'), KEEP_ALIVE_MS)
  cleanups.push(() => clearInterval(keepAlive))
  // An anonymous caller may still carry a cookie it was not identified by (a cross-site request).
  if (context.identity.role !== 'anonymous') {
    cleanups.push(
      lake.endWhenRevoked(req.headers, () => {
        close()
        res.end(REVOKED)
      }),
    )
  }
  req.on('close', close)
  return {
    write: (chunk) => {
      if (open) res.write(chunk)
    },
    onClose: (cleanup) => {
      if (open) cleanups.push(cleanup)
      else cleanup()
    },
  }
}
