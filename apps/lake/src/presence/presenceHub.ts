import type { Identity } from '../auth/identity.ts'
import { randomId } from '../store/ids.ts'

/** What the Studio's bifur client receives on a `presence` subscription. */
export type PresenceEvent =
  | { type: 'rollCall'; i: string; session: string }
  | { type: 'state'; i: string; m: { sessionId: string; locations: unknown } }
  | { type: 'disconnect'; i: string; m: { session: string } }

export interface PresenceConnection {
  /** Who is connected; anonymous connections are told nothing and relay nothing. */
  identity: Identity
  subscriptions: Set<string>
  /** Sessions this connection announced, so they can be disconnected when it closes. */
  sessions: Set<string>
  send(message: string): void
}

/**
 * Presence for one dataset: relays what each connection announces to every other connection's
 * `presence` subscriptions, as Sanity's realtime service does for the Studio. Where editors are
 * (draft ids included) is for project members only, never for anonymous connections.
 */
export class PresenceHub {
  readonly #connections = new Set<PresenceConnection>()

  join(connection: PresenceConnection): void {
    this.#connections.add(connection)
  }

  leave(connection: PresenceConnection): void {
    this.#connections.delete(connection)
    for (const session of connection.sessions) {
      this.broadcast(connection, { type: 'disconnect', i: connection.identity.id, m: { session } })
    }
  }

  subscribe(connection: PresenceConnection): string {
    const id = randomId(16)
    connection.subscriptions.add(id)
    return id
  }

  broadcast(from: PresenceConnection, event: PresenceEvent): void {
    for (const connection of this.#connections) {
      if (connection === from || connection.identity.role === 'anonymous') continue
      for (const subscription of connection.subscriptions) {
        connection.send(
          JSON.stringify({
            jsonrpc: '2.0',
            method: 'presence_subscription',
            params: { subscription, result: event },
          }),
        )
      }
    }
  }
}
