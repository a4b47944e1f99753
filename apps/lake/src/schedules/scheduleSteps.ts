import { SCHEDULER_IDENTITY } from '../auth/identity.ts'
import { scheduleAlreadyRan, scheduleNotFound } from '../errors.ts'
import type { ScheduledKind } from '../releases/scheduler.ts'
import { copyOf, remove } from '../store/actionFields.ts'
import type { Dataset } from '../store/dataset.ts'
import { DRAFTS_PREFIX } from '../store/ids.ts'
import type { ParsedMutation } from '../store/mutations.ts'
import { strengthenOnPublish } from '../store/strongReferences.ts'
import { type Lookup, type PlanStep, TransactionPlan } from '../store/transactions.ts'
import type { SanityDocument } from '../store/types.ts'
import {
  isScheduleDocument,
  SCHEDULE_PREFIX,
  SCHEDULE_TYPE,
  type ScheduleDocument,
  scheduleIdOf,
} from './scheduleDocument.ts'

/** Marks mutations as the schedule's own, which the workflow guard lets through. */
export function asSchedule(id: string, mutations: ParsedMutation[]): ParsedMutation[] {
  return mutations.map((mutation) => ({ ...mutation, workflow: id }))
}

/**
 * Running a schedule, in one transaction: each document's draft is published (or, for an
 * `unpublish` schedule, the published document goes, its content kept as the draft), and the
 * schedule records that it ran. A document with nothing to do is left as it is.
 */
export function runSchedule(id: string): PlanStep {
  return (current, context) => {
    const schedule = current(id)
    if (!isScheduleDocument(schedule) || schedule.state !== 'scheduled') return []
    const work = schedule.documents.flatMap(({ documentId }) =>
      schedule.action === 'unpublish'
        ? unpublishDocument(documentId, current)
        : publishDocument(documentId, current),
    )
    const done = { ...copyOf(schedule, id), state: 'succeeded', executedAt: context.timestamp }
    return [...work, ...asSchedule(id, [{ name: 'createOrReplace', body: done }])]
  }
}

function publishDocument(publishedId: string, current: Lookup): ParsedMutation[] {
  const draftId = `${DRAFTS_PREFIX}${publishedId}`
  const draft = current(draftId)
  if (!draft) return []
  return [{ name: 'createOrReplace', body: strengthenOnPublish(copyOf(draft, publishedId)) }, remove(draftId)]
}

function unpublishDocument(publishedId: string, current: Lookup): ParsedMutation[] {
  const published = current(publishedId)
  if (!published) return []
  const draftId = `${DRAFTS_PREFIX}${publishedId}`
  const keep: ParsedMutation[] = current(draftId)
    ? []
    : [{ name: 'create', body: copyOf(published, draftId) }]
  return [...keep, remove(publishedId)]
}

/** Schedules, on the lake's scheduler: due at `executeAt` while `scheduled`. */
export const publishingSchedules: ScheduledKind = {
  prefix: SCHEDULE_PREFIX,
  dueAt(doc: SanityDocument) {
    if (!isScheduleDocument(doc) || doc.state !== 'scheduled') return undefined
    const at = Date.parse(doc.executeAt)
    return Number.isNaN(at) ? undefined : at
  },
  run(dataset: Dataset, id: string) {
    dataset.commit(new TransactionPlan('Action', [runSchedule(id)]), { identity: SCHEDULER_IDENTITY.id })
  },
}

export interface ScheduleFields {
  name?: string
  description?: string
  action?: 'publish' | 'unpublish'
  documents?: Array<{ documentId: string; documentType?: string }>
  executeAt?: string
}

/** A new schedule, in the `scheduled` state. */
export function createSchedule(id: string, fields: ScheduleFields, author: string): PlanStep {
  return () => {
    const body = {
      _id: id,
      _type: SCHEDULE_TYPE,
      name: fields.name ?? fields.executeAt ?? '',
      description: fields.description ?? '',
      action: fields.action ?? 'publish',
      documents: fields.documents ?? [],
      executeAt: fields.executeAt,
      state: 'scheduled',
      stateReason: 'Created by user',
      author,
    }
    return asSchedule(id, [{ name: 'create', body }])
  }
}

/** Changes a schedule that has not run yet; one that ran (or failed) is history. */
export function updateSchedule(id: string, fields: ScheduleFields): PlanStep {
  return (current) => {
    const schedule = existingSchedule(current, id)
    if (schedule.state !== 'scheduled') throw scheduleAlreadyRan(scheduleIdOf(id), schedule.state)
    return asSchedule(id, [{ name: 'createOrReplace', body: { ...copyOf(schedule, id), ...fields } }])
  }
}

export function deleteSchedule(id: string): PlanStep {
  return (current) => {
    existingSchedule(current, id)
    return asSchedule(id, [remove(id)])
  }
}

/** Runs a schedule now (the Studio's "Publish now"), whatever its time. */
export function runScheduleNow(id: string): PlanStep {
  return (current, context) => {
    const schedule = existingSchedule(current, id)
    if (schedule.state !== 'scheduled') throw scheduleAlreadyRan(scheduleIdOf(id), schedule.state)
    return runSchedule(id)(current, context)
  }
}

export function existingSchedule(current: Lookup, id: string): ScheduleDocument {
  const schedule = current(id)
  if (!isScheduleDocument(schedule)) throw scheduleNotFound(scheduleIdOf(id))
  return schedule
}
