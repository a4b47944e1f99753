import { type RequestContext, sendJson } from './context.ts'

/**
 * Endpoints of hosted services that have no local meaning (feature flags, telemetry intake,
 * help content, per-user settings). Answering them with empty data lets the Studio degrade
 * quietly instead of logging errors.
 */
export function emptyList(context: RequestContext): void {
  sendJson(context.res, 200, [])
}

export function emptyObject(context: RequestContext): void {
  sendJson(context.res, 200, {})
}

export function noContent(context: RequestContext): void {
  context.res.writeHead(204)
  context.res.end()
}

export function pong(context: RequestContext): void {
  sendJson(context.res, 200, { message: 'PONG' })
}

/** `GET /users/me/keyvalue/:keys`: per-user Studio settings; the lake keeps none, so every key is unset. */
export function keyValues(context: RequestContext): void {
  const keys = (context.params.keys ?? '').split(',').filter(Boolean)
  sendJson(
    context.res,
    200,
    keys.map((key) => ({ key, value: null })),
  )
}
