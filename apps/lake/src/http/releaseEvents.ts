import { badRequest, forbidden } from '../errors.ts'
import { isValidReleaseId, releaseDocumentId, versionPrefix } from '../releases/releaseDocument.ts'
import { releaseEventsOf } from '../releases/releaseEvents.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf } from './datasetAccess.ts'

/** `GET /data/history/:dataset/events/releases/:id?limit=&nextCursor=`: a release's activity, newest first, paged. */
export function handleReleaseEvents(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw forbidden('Reading history requires a token')
  const releaseId = context.params.id ?? ''
  if (!isValidReleaseId(releaseId)) throw badRequest(`Invalid release id "${releaseId}"`)
  const search = context.url.searchParams
  const limit = Math.min(Math.max(Number(search.get('limit') ?? 100) || 100, 1), 1000)
  const offset = Number(search.get('nextCursor') || 0) || 0
  const { storage } = datasetOf(context)
  const seen = new Map(
    [
      ...storage.transactionsForDocuments([releaseDocumentId(releaseId)]),
      ...storage.transactionsUnder(versionPrefix(releaseId)),
    ].map((entry) => [entry.seq, entry.transaction]),
  )
  const events = [...seen.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, transaction]) => releaseEventsOf(transaction, releaseId))
    .reverse()
  const page = events.slice(offset, offset + limit)
  const nextCursor = offset + limit < events.length ? String(offset + limit) : ''
  sendJson(context.res, 200, { events: page, nextCursor })
}
