import { badRequest, notFound } from '../errors.ts'
import { readJson } from './body.ts'
import { type RequestContext, sendJson } from './context.ts'
import { requireAdministrator } from './projects.ts'

/** `GET /projects/:projectId/cors`: the allow-list, configured origins and those added here. */
export function handleListCors(context: RequestContext): void {
  requireAdministrator(context)
  sendJson(context.res, 200, context.lake.cors.list())
}

/** `POST /projects/:projectId/cors` `{origin, allowCredentials}`, as the hosted Projects API. */
export async function handleAddCors(context: RequestContext): Promise<void> {
  requireAdministrator(context)
  const body = (await readJson(context.req, context.lake.config.maxBodyBytes)) as {
    origin?: unknown
    allowCredentials?: unknown
  }
  if (typeof body !== 'object' || body === null || typeof body.origin !== 'string') {
    throw badRequest('Expected {"origin": "https://example.com", "allowCredentials": boolean}')
  }
  try {
    sendJson(context.res, 200, context.lake.cors.add(body.origin, body.allowCredentials !== false))
  } catch (error) {
    if (error instanceof TypeError) throw badRequest(error.message)
    throw error
  }
}

/** `DELETE /projects/:projectId/cors/:id`: removes an origin added through the API. */
export function handleDeleteCors(context: RequestContext): void {
  requireAdministrator(context)
  const id = Number(context.params.id)
  const removed = Number.isInteger(id) ? context.lake.cors.remove(id) : undefined
  if (!removed) throw notFound(`No CORS origin with id "${context.params.id}" added through the API`)
  sendJson(context.res, 200, { id: removed.id, deleted: true })
}

/** `GET /check/cors`: the client's CORS probe, answered for the Origin that asked. */
export function handleCorsCheck(context: RequestContext): void {
  const allowed = context.origin !== 'foreign'
  sendJson(context.res, 200, { result: { allowed, withCredentials: allowed } })
}
