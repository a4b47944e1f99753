import { type IncomingHttpHeaders, type IncomingMessage, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { type Identity, resolveIdentity } from '../auth/identity.ts'
import { LakeError, notFound, unauthorized } from '../errors.ts'
import { errorBody } from '../http/errors.ts'
import type { Lake } from '../lake.ts'
import { checkRequestPolicy } from '../policy/requestPolicy.ts'
import { type PresenceConnection, PresenceHub } from './presenceHub.ts'

const SOCKET_PATH = /^\/v(?:1|X|\d{4}-\d{2}-\d{2})\/socket\/([a-z0-9][a-z0-9_-]{0,63})$/
const HEARTBEAT_MS = 20_000
const HEARTBEAT = '\u2665'
/** WebSocket close code for "policy violation": the token the socket was opened with was revoked. */
const REVOKED_CLOSE_CODE = 1008

interface RpcRequest {
  jsonrpc: '2.0'
  id?: string
  method: string
  params?: Record<string, unknown>
}

type RpcReply = { result: unknown } | { error: { code: number; message: string } }

const UNAUTHORIZED: RpcReply = { error: { code: 4001, message: 'Unauthorized' } }

const PRESENCE_METHODS = new Set([
  'presence_subscribe',
  'presence_unsubscribe',
  'presence_announce',
  'presence_rollcall',
  'presence_disconnect',
])

/** What identity resolution may use of the upgrade request: nothing, for another site's page. */
interface Opening {
  headers: IncomingHttpHeaders
  remoteAddress: string | undefined
}

/** Refuses before the WebSocket handshake, so a refused socket never joins presence. */
function refuseUpgrade(socket: Duplex, error: LakeError): void {
  const body = JSON.stringify(errorBody(error))
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  )
  socket.once('finish', () => socket.destroy())
}

/**
 * Who opens the socket: as for HTTP, a token (from a browser only the session cookie; the Studio
 * sends its bearer token later, with `authorization`), else the loopback dev identity, else
 * anonymous. A socket another site's page opened gets neither its cookie session nor the dev
 * identity, as in the router.
 */
function openingOf(req: IncomingMessage, crossSite: boolean): Opening {
  return crossSite
    ? { headers: { authorization: req.headers.authorization }, remoteAddress: undefined }
    : { headers: req.headers, remoteAddress: req.socket.remoteAddress }
}

interface Admission {
  dataset: string
  opening: Opening
  identity: Identity
}

/** The checks, in the order HTTP requests pass them: Host and Origin, the route, then the caller. */
function admit(lake: Lake, req: IncomingMessage): Admission | LakeError {
  const policy = checkRequestPolicy(lake, req.headers, req.socket.remoteAddress)
  if (!policy.ok) return policy.error
  const dataset = SOCKET_PATH.exec(new URL(req.url ?? '/', 'http://lake').pathname)?.[1]
  if (!dataset) return notFound('No realtime socket here')
  if (!lake.hasDataset(dataset)) return notFound(`Dataset "${dataset}" not found`)
  const opening = openingOf(req, policy.crossSite)
  const caller = resolveIdentity(lake.authConfig, opening.headers, opening.remoteAddress)
  if ('invalidToken' in caller) return unauthorized()
  return { dataset, opening, identity: caller.identity }
}

/**
 * The Studio's realtime socket (`/v2022-06-30/socket/:dataset`): JSON-RPC 2.0 over WebSocket
 * with the presence methods the Studio uses, and "♥" heartbeats so it knows the link is alive.
 * The upgrade passes the same Host and Origin checks as every HTTP request.
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
    const admitted = admit(lake, req)
    if (admitted instanceof LakeError) {
      refuseUpgrade(socket, admitted)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: PresenceConnection = {
        identity: admitted.identity,
        subscriptions: new Set(),
        sessions: new Set(),
        send: (message) => ws.send(message),
      }
      serve(ws, hubFor(admitted.dataset), connection, admitted.opening)
    })
  }

  function serve(ws: WebSocket, hub: PresenceHub, connection: PresenceConnection, opening: Opening): void {
    const revoke = () => ws.close(REVOKED_CLOSE_CODE, 'Token revoked')
    let release = lake.endWhenRevoked(opening.headers, revoke)
    hub.join(connection)
    const heartbeat = setInterval(() => ws.send(HEARTBEAT), HEARTBEAT_MS)
    const reply = (id: string | undefined, body: RpcReply) => {
      if (id !== undefined) ws.send(JSON.stringify({ jsonrpc: '2.0', id, ...body }))
    }

    const authorize = (params: Record<string, unknown>): RpcReply => {
      const headers = { authorization: String(params.authorization ?? '') }
      const caller = resolveIdentity(lake.authConfig, headers, opening.remoteAddress)
      if ('invalidToken' in caller) return UNAUTHORIZED
      release()
      release = lake.endWhenRevoked(headers, revoke)
      connection.identity = caller.identity
      return { result: true }
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
      if (request.method === 'authorization') return reply(request.id, authorize(params))
      reply(request.id, presenceCall(hub, connection, request.method, params))
    })
    // A frame that breaks the protocol (Caddy 2.6 sends an unmasked close frame as it stops) is
    // the client's fault: ws closes that socket itself, and without a listener it would end the lake.
    ws.on('error', () => ws.terminate())
    ws.on('close', () => {
      clearInterval(heartbeat)
      release()
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

/** The presence methods; anonymous connections may call none of them. */
function presenceCall(
  hub: PresenceHub,
  connection: PresenceConnection,
  method: string,
  params: Record<string, unknown>,
): RpcReply {
  const { identity } = connection
  if (!PRESENCE_METHODS.has(method)) return methodNotFound(method)
  if (identity.role === 'anonymous') return UNAUTHORIZED
  switch (method) {
    case 'presence_subscribe':
      return { result: hub.subscribe(connection) }
    case 'presence_unsubscribe':
      connection.subscriptions.delete(String(params.subscriptionId))
      return { result: true }
    case 'presence_announce': {
      const data = (params.data ?? {}) as { sessionId?: string; locations?: unknown }
      const sessionId = String(data.sessionId ?? '')
      connection.sessions.add(sessionId)
      hub.broadcast(connection, {
        type: 'state',
        i: identity.id,
        m: { sessionId, locations: data.locations ?? [] },
      })
      return { result: true }
    }
    case 'presence_rollcall':
      hub.broadcast(connection, { type: 'rollCall', i: identity.id, session: String(params.session ?? '') })
      return { result: true }
    case 'presence_disconnect': {
      const session = String(params.session ?? '')
      connection.sessions.delete(session)
      hub.broadcast(connection, { type: 'disconnect', i: identity.id, m: { session } })
      return { result: true }
    }
    default:
      return methodNotFound(method)
  }
}

function methodNotFound(method: string): RpcReply {
  return { error: { code: -32601, message: `Method not found: ${method}` } }
}
