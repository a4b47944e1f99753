import { canWrite } from '../auth/identity.ts'
import { badRequest, insufficientPermissions, unauthorized } from '../errors.ts'
import { actionPlan } from '../store/actions.ts'
import { readJson } from './body.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf, isTrue } from './datasetAccess.ts'

/** `POST /data/actions/:dataset`: the document and release actions Studio 6 sends (create, edit, publish, ...). */
export async function handleActions(context: RequestContext): Promise<void> {
  requireActor(context)
  const body = await readJson(context.req, context.lake.config.maxBodyBytes)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Expected a JSON body {"actions": [...]}')
  }
  const { actions, transactionId, dryRun } = body as {
    actions?: unknown
    transactionId?: unknown
    dryRun?: unknown
  }
  if (transactionId !== undefined && typeof transactionId !== 'string')
    throw badRequest('"transactionId" must be a string')
  const plan = actionPlan(Array.isArray(actions) ? actions : [actions])
  // The plan reads the documents inside the commit, as the earlier actions left them.
  const { transaction } = datasetOf(context).commit(plan, {
    transactionId,
    identity: context.identity.id,
    dryRun: dryRun === true || isTrue(context.url.searchParams.get('dryRun')),
  })
  // A request whose actions change nothing (create with ifExists "ignore") commits no transaction.
  const committed = transaction.changes.length > 0
  sendJson(context.res, 200, { transactionId: committed ? transaction.id : (transactionId ?? null) })
}

/**
 * Anonymous callers get 401 (log in); project members who may only read get the 403 whose type
 * the Studio's dry-run permission checks read as "not allowed" (it hides the release buttons).
 */
function requireActor(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  if (!canWrite(context.identity)) throw insufficientPermissions('update')
}
