import { badRequest, scheduleNotFound, unauthorized } from '../errors.ts'
import {
  isScheduleDocument,
  type ScheduleDocument,
  scheduleBody,
  scheduleDocumentId,
  scheduleIdOf,
} from '../schedules/scheduleDocument.ts'
import {
  createSchedule,
  deleteSchedule,
  existingSchedule,
  runScheduleNow,
  type ScheduleFields,
  updateSchedule,
} from '../schedules/scheduleSteps.ts'
import { isValidDocumentId, randomId } from '../store/ids.ts'
import { type PlanStep, TransactionPlan } from '../store/transactions.ts'
import { readJson } from './body.ts'
import { projectOf, type RequestContext, sendJson } from './context.ts'
import { datasetOf, requireWrite } from './datasetAccess.ts'
import { requireProject } from './projects.ts'

/*
 * `/schedules/:projectId/:dataset[/:id]`: Scheduled Publishing's API (2022-09-01), which the
 * Studio's schedule dialogs and Schedules tool call. The schedules run on the lake's scheduler.
 */

/** `GET`: `{schedules}`, filtered by `documentIds` (comma-separated) and `state`, newest run last. */
export function handleListSchedules(context: RequestContext): void {
  const search = context.url.searchParams
  const documentIds = search.get('documentIds')?.split(',').filter(Boolean)
  const state = search.get('state')
  const limit = Number(search.get('limit') ?? 0)
  const schedules: ScheduleDocument[] = []
  for (const doc of readable(context).storage.all()) {
    if (!isScheduleDocument(doc) || (state && doc.state !== state)) continue
    if (documentIds && !doc.documents.some(({ documentId }) => documentIds.includes(documentId))) continue
    schedules.push(doc)
  }
  schedules.sort((a, b) => a.executeAt.localeCompare(b.executeAt))
  const page = limit > 0 ? schedules.slice(0, limit) : schedules
  sendJson(context.res, 200, { schedules: page.map((doc) => answer(context, doc)) })
}

export function handleGetSchedule(context: RequestContext): void {
  const { storage } = readable(context)
  const schedule = existingSchedule((id) => storage.get(id) ?? null, scheduleIdParam(context))
  sendJson(context.res, 200, answer(context, schedule))
}

/** `POST` `{documents: [{documentId}], executeAt, name?, action?}`: a new upcoming schedule. */
export async function handleCreateSchedule(context: RequestContext): Promise<void> {
  requireWrite(context)
  const fields = await scheduleFields(context, true)
  const id = scheduleDocumentId(randomId())
  sendJson(context.res, 200, commitAndAnswer(context, id, createSchedule(id, fields, context.identity.id)))
}

/** `PATCH /:id`: a new time, name or document list for a schedule that has not run. */
export async function handleUpdateSchedule(context: RequestContext): Promise<void> {
  requireWrite(context)
  const id = scheduleIdParam(context)
  const fields = await scheduleFields(context, false)
  sendJson(context.res, 200, commitAndAnswer(context, id, updateSchedule(id, fields)))
}

export function handleDeleteSchedule(context: RequestContext): void {
  requireWrite(context)
  commit(context, deleteSchedule(scheduleIdParam(context)))
  context.res.writeHead(204)
  context.res.end()
}

/** `POST /:id/publish`: runs the schedule now. */
export function handlePublishSchedule(context: RequestContext): void {
  requireWrite(context)
  const id = scheduleIdParam(context)
  sendJson(context.res, 200, commitAndAnswer(context, id, runScheduleNow(id)))
}

/** Who works on what, and when, is for project members only. */
function readable(context: RequestContext) {
  requireProject(context)
  if (context.identity.role === 'anonymous') throw unauthorized()
  return datasetOf(context)
}

function commit(context: RequestContext, step: PlanStep) {
  return readable(context).commit(new TransactionPlan('Action', [step]), { identity: context.identity.id })
}

function commitAndAnswer(context: RequestContext, id: string, step: PlanStep) {
  commit(context, step)
  const doc = readable(context).storage.get(id)
  // A schedule the step just wrote; only a bug could lose it in between.
  if (!isScheduleDocument(doc)) throw scheduleNotFound(scheduleIdOf(id))
  return answer(context, doc)
}

function answer(context: RequestContext, doc: ScheduleDocument) {
  return scheduleBody(doc, context.params.projectId ?? projectOf(context), context.params.dataset ?? '')
}

function scheduleIdParam(context: RequestContext): string {
  const id = context.params.id ?? ''
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(id)) throw badRequest(`Invalid schedule id "${id}"`)
  return scheduleDocumentId(id)
}

async function scheduleFields(context: RequestContext, creating: boolean): Promise<ScheduleFields> {
  const body = await readJson(context.req, context.lake.config.maxBodyBytes)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Expected a JSON object')
  const { documents, executeAt, name, description, action } = body as Record<string, unknown>
  const fields: ScheduleFields = {}
  if (documents !== undefined || creating) fields.documents = documentsField(documents)
  if (executeAt !== undefined || creating) {
    if (typeof executeAt !== 'string' || Number.isNaN(Date.parse(executeAt)))
      throw badRequest('"executeAt" must be an ISO date-time')
    fields.executeAt = new Date(executeAt).toISOString()
  }
  if (name !== undefined) fields.name = String(name)
  if (description !== undefined) fields.description = String(description)
  if (action !== undefined) {
    if (action !== 'publish' && action !== 'unpublish')
      throw badRequest('"action" must be "publish" or "unpublish"')
    fields.action = action
  }
  return fields
}

function documentsField(value: unknown): ScheduleFields['documents'] {
  if (!Array.isArray(value) || value.length === 0)
    throw badRequest('"documents" must be a non-empty array of {documentId}')
  return value.map((entry) => {
    const documentId = (entry as { documentId?: unknown })?.documentId
    if (!isValidDocumentId(documentId) || documentId.includes('.'))
      throw badRequest('Each of "documents" needs the "documentId" of a published document')
    const documentType = (entry as { documentType?: unknown }).documentType
    return typeof documentType === 'string' ? { documentId, documentType } : { documentId }
  })
}
