import { badRequest, forbidden } from '../errors.ts'
import { mendozaEffects } from '../events/mutationEvents.ts'
import { isValidDocumentId } from '../store/ids.ts'
import { lastRevision } from '../store/transactions.ts'
import type { CommittedTransaction, SanityDocument } from '../store/types.ts'
import type { RequestContext } from './context.ts'
import { sendJson } from './context.ts'
import { datasetOf, isTrue } from './datasetAccess.ts'

function requestedIds(context: RequestContext): string[] {
  const ids = (context.params.ids ?? '').split(',').filter(Boolean)
  if (ids.length === 0 || ids.some((id) => !isValidDocumentId(id))) {
    throw badRequest('Expected one or more comma-separated document ids')
  }
  return ids
}

/** History shows drafts and who changed what: not for anonymous callers, as on the hosted API. */
function requireHistoryAccess(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw forbidden('Reading history requires a token')
}

function sliceBetween<T extends { transaction: CommittedTransaction }>(
  list: T[],
  search: URLSearchParams,
): T[] {
  const from = search.get('fromTransaction')
  const to = search.get('toTransaction')
  const fromTime = search.get('fromTime')
  const toTime = search.get('toTime')
  let start = from ? list.findIndex((entry) => entry.transaction.id === from) : 0
  if (start === -1) start = list.length
  const toIndex = to ? list.findIndex((entry) => entry.transaction.id === to) : -1
  const end = toIndex === -1 ? list.length : toIndex + 1
  return list
    .slice(start, end)
    .filter(
      ({ transaction }) =>
        (!fromTime || transaction.timestamp >= fromTime) && (!toTime || transaction.timestamp <= toTime),
    )
}

/**
 * `GET /data/history/:dataset/transactions/:ids`: the transaction log of some documents as NDJSON,
 * with mendoza effects per document, as the Studio's history panel reads it.
 */
export function handleTransactionLog(context: RequestContext): void {
  requireHistoryAccess(context)
  const ids = requestedIds(context)
  const search = context.url.searchParams
  const onlyIdentified = isTrue(search.get('includeIdentifiedDocumentsOnly'))
  const withMutations = !isTrue(search.get('excludeContent')) && !isTrue(search.get('excludeMutations'))
  const mendoza = search.get('effectFormat') === 'mendoza'
  const authors = search.get('authors')?.split(',').filter(Boolean)
  let entries = sliceBetween(datasetOf(context).storage.transactionsForDocuments(ids), search)
  if (authors) entries = entries.filter(({ transaction }) => authors.includes(transaction.identity))
  if (isTrue(search.get('reverse'))) entries.reverse()
  const limit = Number(search.get('limit') ?? 0)
  if (limit > 0) entries = entries.slice(0, limit)

  const lines = entries.map(({ transaction }) => {
    const changes = onlyIdentified
      ? transaction.changes.filter((change) => ids.includes(change.id))
      : transaction.changes
    const effects = Object.fromEntries(
      changes.map((change) => [change.id, mendozaEffects({ before: change.before, after: change.after })]),
    )
    return JSON.stringify({
      id: transaction.id,
      timestamp: transaction.timestamp,
      author: transaction.identity,
      documentIDs: changes.map((change) => change.id),
      ...(mendoza ? { effects } : {}),
      ...(withMutations ? { mutations: transaction.mutations } : {}),
    })
  })
  context.res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' })
  context.res.end(lines.map((line) => `${line}\n`).join(''))
}

/**
 * `GET /data/history/:dataset/documents/:ids?revision=<transaction id>|time=<ISO time>`: the
 * documents as they were right after that transaction, or at that time. `lastRevision=true`
 * gives each one's newest state, deleted or not: how the Studio shows the documents of a
 * published or archived release, whose versions are gone.
 */
export function handleDocumentsAt(context: RequestContext): void {
  requireHistoryAccess(context)
  const ids = requestedIds(context)
  const search = context.url.searchParams
  if (isTrue(search.get('lastRevision'))) {
    const { storage } = datasetOf(context)
    const documents = ids.flatMap((id) => lastRevision(storage, id) ?? [])
    sendJson(context.res, 200, { documents })
    return
  }
  const revision = search.get('revision')
  const time = search.get('time')
  if (!revision && !time) throw badRequest('Give either "revision", "time" or "lastRevision=true"')
  if (time && Number.isNaN(Date.parse(time))) throw badRequest(`Invalid time "${time}"`)
  const entries = datasetOf(context).storage.transactionsForDocuments(ids)
  let cutoff: number
  if (revision) {
    const at = entries.find((entry) => entry.transaction.id === revision)
    // Like the hosted API (and as the Studio expects): an unknown revision is no documents, not an error.
    if (!at) {
      sendJson(context.res, 200, { documents: [] })
      return
    }
    cutoff = at.seq
  } else {
    const instant = new Date(String(time)).toISOString()
    cutoff = entries.filter((entry) => entry.transaction.timestamp <= instant).at(-1)?.seq ?? 0
  }
  const documents = ids.flatMap((id) => {
    let state: SanityDocument | null = null
    for (const { seq, transaction } of entries) {
      if (seq > cutoff) break
      const change = transaction.changes.find((candidate) => candidate.id === id)
      if (change) state = change.after
    }
    return state ? [state] : []
  })
  sendJson(context.res, 200, { documents })
}
