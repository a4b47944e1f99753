import { badRequest } from '../errors.ts'
import { readJson } from './body.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf, isTrue, requireWrite } from './datasetAccess.ts'

/** `POST /data/mutate/:dataset`: an atomic transaction of create/patch/delete mutations. */
export async function handleMutate(context: RequestContext): Promise<void> {
  requireWrite(context)
  const body = await readJson(context.req, context.lake.config.maxBodyBytes)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Expected a JSON body {"mutations": [...]}')
  }
  const { mutations, transactionId } = body as { mutations?: unknown; transactionId?: unknown }
  if (transactionId !== undefined && typeof transactionId !== 'string')
    throw badRequest('"transactionId" must be a string')
  const search = context.url.searchParams
  const returnDocuments = isTrue(search.get('returnDocuments'))
  const dataset = datasetOf(context)
  const { transaction, results } = await dataset.mutate(mutations, {
    transactionId,
    identity: context.identity.id,
    autoGenerateArrayKeys: isTrue(search.get('autoGenerateArrayKeys')),
    dryRun: isTrue(search.get('dryRun')),
  })
  if (!returnDocuments) return sendJson(context.res, 200, { transactionId: transaction.id, results })
  const after = new Map(transaction.changes.map((change) => [change.id, change.after]))
  sendJson(context.res, 200, {
    transactionId: transaction.id,
    results: results.map((result) =>
      result.operation !== 'delete'
        ? { ...result, document: after.get(result.id) ?? dataset.storage.get(result.id) ?? null }
        : result,
    ),
  })
}
