import { resolveIdentity } from '../auth/identity.ts'
import type { Lake } from '../lake.ts'
import { type Handler, type LakeRequest, type LakeResponse, sendJson } from './context.ts'
import { LakeError, notFound, unauthorized } from './errors.ts'

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface Route {
  method: Method | Method[]
  /** Segments, `:name` for a parameter, a trailing `*` for "anything below". */
  path: string
  handler: Handler
  /** Routes outside `/v<version>/` (health, image and file delivery). */
  unversioned?: boolean
}

interface CompiledRoute extends Route {
  segments: string[]
}

const VERSION = /^\/v(?:1|X|\d{4}-\d{2}-\d{2})(?=\/)/

function match(segments: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string
    if (segment === '*') {
      params.rest = parts.slice(index).join('/')
      return params
    }
    const part = parts[index]
    if (part === undefined) return undefined
    if (segment.startsWith(':')) params[segment.slice(1)] = part
    else if (segment !== part) return undefined
  }
  return parts.length === segments.length ? params : undefined
}

function applyCors(req: LakeRequest, res: LakeResponse): void {
  const origin = req.headers.origin
  if (!origin) return
  res.setHeader('access-control-allow-origin', origin)
  res.setHeader('access-control-allow-credentials', 'true')
  res.setHeader('vary', 'Origin')
}

function answerPreflight(req: LakeRequest, res: LakeResponse): void {
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers':
      req.headers['access-control-request-headers'] ?? 'authorization, content-type',
    'access-control-max-age': '86400',
  })
  res.end()
}

/** Builds the request listener both the HTTP and the HTTPS/HTTP2 servers use. */
export function createRouter(lake: Lake, routes: Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => ({
    ...route,
    segments: route.path.split('/').filter(Boolean),
  }))

  return async function handle(req: LakeRequest, res: LakeResponse): Promise<void> {
    try {
      applyCors(req, res)
      if (req.method === 'OPTIONS') return answerPreflight(req, res)
      const url = new URL(req.url ?? '/', 'http://lake.local')
      const versioned = VERSION.exec(url.pathname)
      const path = versioned ? url.pathname.slice(versioned[0].length) : url.pathname
      const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
      let methodAllowed = true
      for (const route of compiled) {
        if (Boolean(route.unversioned) === Boolean(versioned)) continue
        const params = match(route.segments, parts)
        if (!params) continue
        const methods = Array.isArray(route.method) ? route.method : [route.method]
        if (!methods.includes(req.method as Method)) {
          methodAllowed = false
          continue
        }
        const caller = resolveIdentity(lake.authConfig, req.headers, req.socket?.remoteAddress)
        if ('invalidToken' in caller) throw unauthorized('Unauthorized - Session not found')
        await route.handler({ req, res, url, params, identity: caller.identity, lake })
        return
      }
      throw methodAllowed
        ? notFound(`No route for ${req.method} ${url.pathname}`)
        : new LakeError(405, 'methodNotAllowedError', `Method ${req.method} not allowed`)
    } catch (error) {
      sendError(res, error)
    }
  }
}

function sendError(res: LakeResponse, error: unknown): void {
  const lakeError =
    error instanceof LakeError
      ? error
      : error instanceof URIError
        ? new LakeError(400, 'validationError', 'Malformed URL encoding')
        : new LakeError(500, 'internalError', 'Internal error in the lake')
  if (lakeError.status >= 500) console.error(error)
  if (res.headersSent) {
    res.end()
    return
  }
  sendJson(res, lakeError.status, lakeError.toBody())
}
