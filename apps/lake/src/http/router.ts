import { ANONYMOUS, type Identity, resolveIdentity } from '../auth/identity.ts'
import { LakeError, lakeStarting, methodNotAllowed, notFound, unauthorized } from '../errors.ts'
import type { Lake } from '../lake.ts'
import type { OriginVerdict } from '../policy/originCheck.ts'
import { checkRequestPolicy } from '../policy/requestPolicy.ts'
import type { Handler, LakeRequest, LakeResponse } from './context.ts'
import { sendError } from './errors.ts'

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface Route {
  method: Method | Method[]
  /** Segments, `:name` for a parameter, a trailing `*` for "anything below". */
  path: string
  handler: Handler
  /** Routes outside `/v<version>/` (health, image and file delivery). */
  unversioned?: boolean
  /** Any page may read it (asset bytes, the CORS probe); foreign origins are anonymous there. */
  publicToAnyOrigin?: boolean
  /** Answers before the first start has finished (health); every other route waits with a 503. */
  duringStartup?: boolean
  /** A page of the lake's own (sign-in): its forms post back with the lake's own Origin. */
  ownPage?: boolean
  /**
   * Signing in and out: answered without resolving the caller, so a stale token or cookie left
   * in the browser cannot stop anyone signing in again (the handler reads what it needs itself).
   */
  signIn?: boolean
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

/** Echoes an allowed Origin with credentials; public assets answer any page, without credentials. */
function applyCors(req: LakeRequest, res: LakeResponse, origin: OriginVerdict): void {
  res.setHeader('vary', 'Origin')
  if (origin === 'allowed') {
    res.setHeader('access-control-allow-origin', req.headers.origin as string)
    res.setHeader('access-control-allow-credentials', 'true')
  } else if (origin === 'foreign') {
    res.setHeader('access-control-allow-origin', '*')
  }
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

interface Matched {
  route: CompiledRoute
  params: Record<string, string>
}

function parsePath(url: URL): { versioned: boolean; parts: string[] } {
  const versioned = VERSION.exec(url.pathname)
  const path = versioned ? url.pathname.slice(versioned[0].length) : url.pathname
  return { versioned: versioned !== null, parts: path.split('/').filter(Boolean).map(decodeURIComponent) }
}

/** The route for a path and method, or the 404 or 405 to answer (after the policy has run). */
function findRoute(compiled: CompiledRoute[], url: URL, method: string | undefined): Matched | LakeError {
  const { versioned, parts } = parsePath(url)
  let methodAllowed = true
  for (const route of compiled) {
    if (Boolean(route.unversioned) === versioned) continue
    const params = match(route.segments, parts)
    if (!params) continue
    if (method === 'OPTIONS') return { route, params }
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (methods.includes(method as Method)) return { route, params }
    methodAllowed = false
  }
  return methodAllowed ? notFound(`No route for ${method} ${url.pathname}`) : methodNotAllowed(method)
}

/**
 * Who is calling. A request another site made the browser send (an `<img>`, a form, a foreign
 * page's fetch of a public asset) could carry the editor's cookie and comes from loopback, so it
 * is judged on an explicit bearer token alone: never the cookie session, never the dev identity.
 */
function identify(lake: Lake, req: LakeRequest, crossSite: boolean): Identity {
  const headers = crossSite ? { authorization: req.headers.authorization } : req.headers
  const address = crossSite ? undefined : req.socket?.remoteAddress
  const caller = resolveIdentity(lake.authConfig, headers, address)
  if ('invalidToken' in caller) throw unauthorized('Unauthorized - Session not found')
  return caller.identity
}

/** Builds the request listener both the HTTP and the HTTPS/HTTP2 servers use. */
export function createRouter(lake: Lake, routes: Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => ({
    ...route,
    segments: route.path.split('/').filter(Boolean),
  }))

  // Policy before routing, so even a preflight or a 404 from a rebound name or a foreign page
  // learns nothing; errors last, in one place.
  return async function handle(req: LakeRequest, res: LakeResponse): Promise<void> {
    // The lake serves data, and pages only where a sign-in handler says so with a policy of its
    // own: nothing else it answers, an error or an uploaded file, may run as a document on its
    // origin or be sniffed into one.
    res.setHeader('content-security-policy', 'sandbox')
    res.setHeader('x-content-type-options', 'nosniff')
    try {
      const url = new URL(req.url ?? '/', 'http://lake.local')
      const found = findRoute(compiled, url, req.method)
      const matched = found instanceof LakeError ? undefined : found.route
      const policy = checkRequestPolicy(lake, req.headers, {
        publicToAnyOrigin: matched?.publicToAnyOrigin === true,
        ownPage: matched?.ownPage === true,
      })
      if (!policy.ok) throw policy.error
      applyCors(req, res, policy.origin)
      if (found instanceof LakeError) throw found
      if (req.method === 'OPTIONS') return answerPreflight(req, res)
      const { route, params } = found
      if (!lake.ready && !route.duringStartup) throw lakeStarting()
      const identity = route.signIn ? ANONYMOUS : identify(lake, req, policy.crossSite)
      await route.handler({ req, res, url, params, identity, lake, origin: policy.origin })
    } catch (error) {
      sendError(res, error)
    }
  }
}
