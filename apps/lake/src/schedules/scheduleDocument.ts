import type { SanityDocument } from '../store/types.ts'

/**
 * A legacy scheduled-publishing schedule (the `/schedules` API of Sanity's Scheduled Publishing,
 * API version 2022-09-01), kept as a document so its state commits in the same transaction as
 * the publish it runs: `_.schedules.<id>` of type `system.schedule`.
 */
export const SCHEDULE_PREFIX = '_.schedules.'
export const SCHEDULE_TYPE = 'system.schedule'

export type ScheduleState = 'scheduled' | 'succeeded' | 'cancelled'
export type ScheduleAction = 'publish' | 'unpublish'

export interface ScheduleDocument extends SanityDocument {
  _type: typeof SCHEDULE_TYPE
  name: string
  description: string
  action: ScheduleAction
  documents: Array<{ documentId: string; documentType?: string }>
  executeAt: string
  executedAt?: string
  state: ScheduleState
  stateReason: string
  author: string
}

export const scheduleDocumentId = (scheduleId: string) => `${SCHEDULE_PREFIX}${scheduleId}`
export const scheduleIdOf = (id: string) => id.slice(SCHEDULE_PREFIX.length)

export function isScheduleDocument(doc: SanityDocument | null | undefined): doc is ScheduleDocument {
  return doc?._type === SCHEDULE_TYPE && doc._id.startsWith(SCHEDULE_PREFIX)
}

/** A schedule as the API answers it. */
export function scheduleBody(doc: ScheduleDocument, projectId: string, dataset: string) {
  return {
    id: scheduleIdOf(doc._id),
    name: doc.name,
    description: doc.description,
    action: doc.action,
    documents: doc.documents,
    executeAt: doc.executeAt,
    ...(doc.executedAt ? { executedAt: doc.executedAt } : {}),
    state: doc.state,
    stateReason: doc.stateReason,
    author: doc.author,
    projectId,
    dataset,
    createdAt: doc._createdAt,
  }
}
