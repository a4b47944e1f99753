import { internalError, LakeError, malformedUrl } from '../errors.ts'
import { type LakeResponse, sendJson } from './context.ts'

/** The hosted Content Lake's error body: `{error: {description, type, ...details}}`. */
export function errorBody(error: LakeError): { error: Record<string, unknown> } {
  return { error: { description: error.message, type: error.type, ...error.details } }
}

/** Anything thrown, as an error the lake can answer: its own as is, any other as an internal one. */
export function asLakeError(error: unknown): LakeError {
  if (error instanceof LakeError) return error
  // `decodeURIComponent` of a route parameter: the caller's URL is at fault, not the lake.
  if (error instanceof URIError) return malformedUrl()
  return internalError()
}

/** The one place an error becomes a response. */
export function sendError(res: LakeResponse, error: unknown): void {
  const lakeError = asLakeError(error)
  // 503s are expected back-pressure (starting, busy), not faults worth a stack trace.
  if (lakeError.status >= 500 && lakeError.status !== 503) console.error(error)
  if (res.headersSent) {
    res.end()
    return
  }
  sendJson(res, lakeError.status, errorBody(lakeError))
}
