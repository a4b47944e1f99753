import type { CommittedTransaction, DocumentChange } from '../store/types.ts'
import {
  isReleaseDocument,
  type ReleaseDocument,
  releaseDocumentId,
  versionPrefix,
} from './releaseDocument.ts'

export type ReleaseEvent = Record<string, unknown> & {
  type: string
  id: string
  timestamp: string
  author: string
  releaseName: string
}

/**
 * The activity the Studio lists for a release (its `eventsAPI.releases` feed), derived from one
 * transaction of the log: what happened to the release document, and which documents were added
 * to it or discarded from it by hand (a publish or an archive removes versions as part of itself).
 */
export function releaseEventsOf(transaction: CommittedTransaction, releaseId: string): ReleaseEvent[] {
  const base = {
    id: transaction.id,
    timestamp: transaction.timestamp,
    author: transaction.identity,
    releaseName: releaseId,
  }
  const releaseChange = transaction.changes.find((change) => change.id === releaseDocumentId(releaseId))
  const lifecycle = releaseChange ? lifecycleEvents(releaseChange) : []
  const prefix = versionPrefix(releaseId)
  const membership = releaseChange
    ? []
    : transaction.changes.filter((change) => change.id.startsWith(prefix)).flatMap(membershipEvent)
  return [...lifecycle, ...membership].map((event) => ({ ...base, ...event }))
}

type EventFields = Record<string, unknown> & { type: string }

function lifecycleEvents({ before, after }: DocumentChange): EventFields[] {
  const was = isReleaseDocument(before) ? before : undefined
  const is = isReleaseDocument(after) ? after : undefined
  if (!is) return []
  if (!was) return [{ type: 'createRelease' }]
  if (was.state !== is.state) {
    const moved = stateEvent(was, is)
    return moved ? [moved] : []
  }
  const change = metadataChange(was, is)
  return Object.keys(change).length > 0 ? [{ type: 'editRelease', change }] : []
}

function stateEvent(was: ReleaseDocument, is: ReleaseDocument): EventFields | undefined {
  if (is.state === 'scheduled') return { type: 'scheduleRelease', publishAt: is.publishAt }
  if (is.state === 'published') return { type: 'publishRelease' }
  if (is.state === 'archived') return { type: 'archiveRelease' }
  if (is.state === 'active' && was.state === 'scheduled') return { type: 'unscheduleRelease' }
  if (is.state === 'active' && was.state === 'archived') return { type: 'unarchiveRelease' }
  return undefined
}

function metadataChange(was: ReleaseDocument, is: ReleaseDocument): Record<string, unknown> {
  const change: Record<string, unknown> = {}
  for (const field of ['title', 'description', 'releaseType'] as const) {
    if (was.metadata[field] !== is.metadata[field]) change[field] = is.metadata[field]
  }
  if (was.metadata.intendedPublishAt !== is.metadata.intendedPublishAt)
    change.intendedPublishDate = is.metadata.intendedPublishAt
  return change
}

function membershipEvent({ id, before, after }: DocumentChange): EventFields[] {
  if (!before && after) return [{ type: 'addDocumentToRelease', documentId: id, documentType: after._type }]
  if (before && !after)
    return [{ type: 'discardDocumentFromRelease', documentId: id, documentType: before._type }]
  return []
}
