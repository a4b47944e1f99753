import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { type Identity, resolveIdentity } from '../auth/identity.ts'
import type { Lake } from '../lake.ts'
import { type PresenceConnection, PresenceHub } from './presenceHub.ts'

const SOCKET_PATH = /^\/v(?:1|X|\d{4}-\d{2}-\d{2})\/socket\/([a-z0-9][a-z0-9_-]{0,63})$/
const HEARTBEAT_MS = 20_000
const HEARTBEAT = '\u2665'

interface RpcRequest {
  jsonrpc: '2.0'
  id?: string
  method: string
  params?: Record<string, unknown>
}

/**
 * The Studio's realtime socket (`/v2022-06-30/socket/:dataset`): JSON-RPC 2.0 over WebSocket
 * with the presence methods the Studio uses, and "♥" heartbeats so it knows the link is alive.
 */
export function createSocketServer(lake: Lake) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  const hubs = new Map<string, PresenceHub>()
  const hubFor = (dataset: string) => {
    const hub = hubs.get(dataset) ?? new PresenceHub()
    hubs.set(dataset, hub)
    return hub
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const dataset = SOCKET_PATH.exec(new URL(req.url ?? '/', 'http://lake').pathname)?.[1]
    const caller = resolveIdentity(lake.authConfig, req.headers, req.socket.remoteAddress)
    if (!dataset || 'invalidToken' in caller) {
      socket.end(`HTTP/1.1 ${dataset ? '401 Unauthorized' : '404 Not Found'}\r\ncontent-length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) =>
      serve(ws, hubFor(dataset), caller.identity, req.socket.remoteAddress),
    )
  }

  function serve(
    ws: WebSocket,
    hub: PresenceHub,
    initial: Identity,
    remoteAddress: string | undefined,
  ): void {
    let identity = initial
    const connection: PresenceConnection = {
      userId: identity.id,
      subscriptions: new Set(),
      sessions: new Set(),
      send: (message) => ws.send(message),
    }
    hub.join(connection)
    const heartbeat = setInterval(() => ws.send(HEARTBEAT), HEARTBEAT_MS)
    const reply = (
      id: string | undefined,
      body: { result: unknown } | { error: { code: number; message: string } },
    ) => {
      if (id !== undefined) ws.send(JSON.stringify({ jsonrpc: '2.0', id, ...body }))
    }

    ws.on('message', (data) => {
      let request: RpcRequest
      try {
        request = JSON.parse(data.toString()) as RpcRequest
      } catch {
        reply('', { error: { code: -32700, message: 'Parse error' } })
        return
      }
      const params = request.params ?? {}
      switch (request.method) {
        case 'authorization': {
          const headers = { authorization: String(params.authorization ?? '') }
          const caller = resolveIdentity(lake.authConfig, headers, remoteAddress)
          if ('invalidToken' in caller)
            return reply(request.id, { error: { code: 4001, message: 'Unauthorized' } })
          identity = caller.identity
          connection.userId = identity.id
          return reply(request.id, { result: true })
        }
        case 'presence_subscribe':
          return reply(request.id, { result: hub.subscribe(connection) })
        case 'presence_unsubscribe':
          connection.subscriptions.delete(String(params.subscriptionId))
          return reply(request.id, { result: true })
        case 'presence_announce': {
          const data = (params.data ?? {}) as { sessionId?: string; locations?: unknown }
          const sessionId = String(data.sessionId ?? '')
          connection.sessions.add(sessionId)
          hub.broadcast(connection, {
            type: 'state',
            i: identity.id,
            m: { sessionId, locations: data.locations ?? [] },
          })
          return reply(request.id, { result: true })
        }
        case 'presence_rollcall':
          hub.broadcast(connection, {
            type: 'rollCall',
            i: identity.id,
            session: String(params.session ?? ''),
          })
          return reply(request.id, { result: true })
        case 'presence_disconnect': {
          const session = String(params.session ?? '')
          connection.sessions.delete(session)
          hub.broadcast(connection, { type: 'disconnect', i: identity.id, m: { session } })
          return reply(request.id, { result: true })
        }
        default:
          return reply(request.id, {
            error: { code: -32601, message: `Method not found: ${request.method}` },
          })
      }
    })
    ws.on('close', () => {
      clearInterval(heartbeat)
      hub.leave(connection)
    })
  }

  return {
    handleUpgrade,
    close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
    },
  }
}
