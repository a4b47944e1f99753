import { createClient } from 'redis'

export type Redis = ReturnType<typeof createClient>

/** Loopback or a LAN away: a command slower than this means Redis is in trouble, not busy. */
export const COMMAND_TIMEOUT_MS = 1000
const MAX_RECONNECT_DELAY_MS = 2000

/** Each client's first connection, or the short wait for it (see whenReady). */
const firstConnection = new WeakMap<Redis, Promise<void>>()

/**
 * A Redis client that never makes a reader or a publish wait for Redis to come back: commands
 * fail at once while it is away (no offline queue) or after COMMAND_TIMEOUT_MS when it stops
 * answering, and the client keeps reconnecting in the background, so everything resumes by
 * itself when Redis returns. Connecting does not block either: the site starts and serves
 * pages (rendering them) with Redis down.
 *
 * `who` names the caller in the log lines (the cache handler, the revalidate route), which say
 * once when Redis goes away and once when it is back. The URL is never logged: it may carry a
 * password.
 */
export function connectRedis(url: string, who: string): Redis {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // A connection Redis dropped without closing it (a host gone) is found within this.
    pingInterval: 5000,
    socket: {
      connectTimeout: COMMAND_TIMEOUT_MS * 2,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  })
  const where = redisAddress(url)
  let away = false
  client.on('error', (error: Error) => {
    if (away) return
    away = true
    console.error(`${who}: Redis at ${where} is unavailable (${error.message}); retrying in the background`)
  })
  client.on('ready', () => {
    if (!away) return
    away = false
    console.log(`${who}: Redis at ${where} is back`)
  })
  // Settles only once connected; failures until then go to the 'error' listener above.
  client.connect().catch(() => {})
  let timer: NodeJS.Timeout | undefined
  const connected = new Promise<void>((resolve) => client.once('ready', () => resolve()))
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, COMMAND_TIMEOUT_MS * 2)
  })
  firstConnection.set(
    client,
    Promise.race([connected, waited]).then(() => clearTimeout(timer)),
  )
  return client
}

/**
 * Resolves once the client has made its first connection, or after a short wait: for the first
 * calls after start, while the connection is still being made. Once it has connected (or the wait
 * is over) it never waits again: in an outage commands fail at once.
 */
export function whenReady(client: Redis): Promise<void> {
  return firstConnection.get(client) ?? Promise.resolve()
}

/** The client, with every command it sends given up after COMMAND_TIMEOUT_MS. */
export function timed(client: Redis): Redis {
  return client.withAbortSignal(AbortSignal.timeout(COMMAND_TIMEOUT_MS))
}

/** host:port of a Redis URL, for log lines: never its credentials. */
export function redisAddress(url: string): string {
  try {
    const { hostname, port } = new URL(url)
    return `${hostname}:${port || '6379'}`
  } catch {
    return '(unparsable REDIS_URL)'
  }
}
