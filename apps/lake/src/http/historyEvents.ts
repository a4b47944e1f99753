import { badRequest, forbidden } from '../errors.ts'
import { releaseIdOfVersion } from '../releases/releaseDocument.ts'
import { DRAFTS_PREFIX, isValidDocumentId, isVersionId, publishedIdOf } from '../store/ids.ts'
import type { CommittedTransaction, DocumentChange } from '../store/types.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf } from './datasetAccess.ts'

type DocumentEvent = Record<string, unknown> & { type: string; id: string; timestamp: string; author: string }

/**
 * The document-group events the Studio 6 history panel lists (created, published, unpublished,
 * discarded, deleted), derived from the transaction log of the published document and its
 * draft. Draft edits are not events: the Studio builds those from the transactions itself.
 */
export function eventsOf(transaction: CommittedTransaction, publishedId: string): DocumentEvent[] {
  const draftId = `${DRAFTS_PREFIX}${publishedId}`
  const published = transaction.changes.find((change) => change.id === publishedId)
  const draft = transaction.changes.find((change) => change.id === draftId)
  const base = {
    id: transaction.id,
    timestamp: transaction.timestamp,
    author: transaction.identity,
    documentId: publishedId,
  }
  const appeared = (change?: DocumentChange) =>
    change !== undefined && !change.before && change.after !== null
  const disappeared = (change?: DocumentChange) =>
    change !== undefined && change.before !== null && !change.after

  if (disappeared(published) && (disappeared(draft) || !draft))
    return [{ ...base, type: 'deleteDocumentGroup' }]
  if (disappeared(published) && appeared(draft)) {
    return [{ ...base, type: 'unpublishDocument', versionId: draftId, versionRevisionId: draft?.after?._rev }]
  }
  const releaseVersion = transaction.changes.find(
    (change) => isVersionId(change.id) && publishedIdOf(change.id) === publishedId && disappeared(change),
  )
  if (published?.after && releaseVersion) {
    // Published by its release: the version the release held is what went live.
    return [
      {
        ...base,
        type: 'publishDocumentVersion',
        revisionId: published.after._rev,
        versionId: releaseVersion.id,
        versionRevisionId: releaseVersion.before?._rev,
        releaseId: releaseIdOfVersion(releaseVersion.id),
        publishCause: 'release.publish',
      },
    ]
  }
  if (published?.after) {
    return [
      {
        ...base,
        type: 'publishDocumentVersion',
        revisionId: published.after._rev,
        versionId: draftId,
        ...(disappeared(draft) ? { versionRevisionId: draft?.before?._rev } : {}),
        publishCause: 'document.publish',
      },
    ]
  }
  if (appeared(draft)) {
    return [
      { ...base, type: 'createDocumentVersion', versionId: draftId, versionRevisionId: draft?.after?._rev },
    ]
  }
  if (disappeared(draft)) {
    return [
      { ...base, type: 'deleteDocumentVersion', versionId: draftId, versionRevisionId: draft?.before?._rev },
    ]
  }
  return []
}

/** `GET /data/history/:dataset/events/documents/:id?limit=&nextCursor=`: newest first, paged. */
export function handleDocumentEvents(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw forbidden('Reading history requires a token')
  const documentId = context.params.id ?? ''
  if (!isValidDocumentId(documentId)) throw badRequest(`Invalid document id "${documentId}"`)
  const publishedId = publishedIdOf(documentId)
  const search = context.url.searchParams
  const limit = Math.min(Math.max(Number(search.get('limit') ?? 100) || 100, 1), 1000)
  const offset = Number(search.get('nextCursor') || 0) || 0
  const events = datasetOf(context)
    .storage.transactionsForDocuments([publishedId, `${DRAFTS_PREFIX}${publishedId}`])
    .flatMap(({ transaction }) => eventsOf(transaction, publishedId))
    .reverse()
  const page = events.slice(offset, offset + limit)
  const nextCursor = offset + limit < events.length ? String(offset + limit) : ''
  sendJson(context.res, 200, { events: { [documentId]: page }, nextCursor })
}
