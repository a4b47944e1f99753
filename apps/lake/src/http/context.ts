import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http'
import type { Http2ServerRequest } from 'node:http2'
import type { Identity } from '../auth/identity.ts'
import type { SanityHost } from '../exec/sanityHosts.ts'
import type { Lake } from '../lake.ts'
import type { OriginVerdict } from '../policy/originCheck.ts'

export type LakeRequest = IncomingMessage | Http2ServerRequest
/**
 * What handlers use of a response: the part HTTP/1's ServerResponse and HTTP/2's compatibility
 * response share, so one handler serves both servers.
 */
export interface LakeResponse extends NodeJS.WritableStream {
  readonly headersSent: boolean
  writeHead(status: number, headers?: OutgoingHttpHeaders): unknown
  setHeader(name: string, value: string | number | readonly string[]): unknown
}

export interface RequestContext {
  req: LakeRequest
  res: LakeResponse
  url: URL
  /** Path parameters from the route pattern. */
  params: Record<string, string>
  identity: Identity
  lake: Lake
  /** How the request's Origin stood against the allow-list (the router already refused foreign ones where it must). */
  origin: OriginVerdict
  /** The Sanity service the request was addressed to (`lake exec`, `lake browser`); undefined for the lake's own names. */
  sanity: SanityHost | undefined
}

/** The project a request is for: the one its Sanity host names, else the lake's own. */
export function projectOf(context: RequestContext): string {
  return context.sanity?.projectId ?? context.lake.config.projectId
}

export type Handler = (context: RequestContext) => unknown

export function sendJson(res: LakeResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  })
  res.end(payload)
}
