import { actionFailed, badRequest } from '../http/errors.ts'
import { DRAFTS_PREFIX, isValidDocumentId } from './ids.ts'
import { isValidType, type ParsedMutation, parseMutations } from './mutations.ts'
import { revisionMismatch } from './revisionConditions.ts'
import { type PlanStep, TransactionPlan } from './transactions.ts'
import type { SanityDocument } from './types.ts'

/**
 * The Actions API (`/data/actions`) as a transaction plan: one step per action, each turned into
 * plain mutations against the documents as the earlier actions of the same request left them.
 * So actions apply in order, in one atomic transaction, with the mutation engine's events, and
 * their preconditions see the in-request state. Each action's fields are checked when the plan
 * is made, so a malformed action is a 400 whatever the documents hold.
 */
export type ActionBody = Record<string, unknown> & { actionType?: unknown }

type StepFor = (action: ActionBody, index: number) => PlanStep

const PREFIX = 'sanity.action.document.'

export function actionPlan(actions: unknown): TransactionPlan {
  if (!Array.isArray(actions) || actions.length === 0)
    throw badRequest('Expected a non-empty "actions" array')
  return new TransactionPlan(
    'Action',
    actions.map((raw, index) => {
      if (typeof raw !== 'object' || raw === null)
        throw badRequest(`Action at index ${index} is not an object`)
      const action = raw as ActionBody
      const type = typeof action.actionType === 'string' ? action.actionType.slice(PREFIX.length) : ''
      const stepFor = action.actionType === `${PREFIX}${type}` ? STEPS[type] : undefined
      if (!stepFor) {
        throw badRequest(
          `Action at index ${index}: unsupported actionType ${JSON.stringify(action.actionType)}`,
        )
      }
      return stepFor(action, index)
    }),
  )
}

const create: StepFor = (action, index) => {
  const publishedId = idField(action, 'publishedId', index)
  const doc = documentField(action, 'attributes', index, `${DRAFTS_PREFIX}${publishedId}`)
  return (current) => {
    if (!current(doc._id)) return [{ name: 'create', body: doc }]
    if (action.ifExists === 'ignore') return []
    throw actionFailed(index, `Document "${doc._id}" already exists`)
  }
}

const replaceDraft: StepFor = (action, index) => {
  const publishedId = idField(action, 'publishedId', index)
  const doc = documentField(action, 'attributes', index, `${DRAFTS_PREFIX}${publishedId}`)
  return () => [{ name: 'createOrReplace', body: doc }]
}

/** Patches the draft; with no draft, starts one from the published document first. */
const edit: StepFor = (action, index) => {
  const draftId = idField(action, 'draftId', index)
  const publishedId = idField(action, 'publishedId', index)
  if (action.patch !== undefined && !isPlainObject(action.patch))
    throw badRequest(`Action at index ${index}: "patch" must be an object`)
  const patch = parseOne({ patch: { ...action.patch, id: draftId } }, index)
  return (current) => {
    if (current(draftId)) return [patch]
    const published = current(publishedId)
    if (!published) throw actionFailed(index, `Cannot edit "${publishedId}": no draft or published document`)
    return [{ name: 'createIfNotExists', body: copyOf(published, draftId) }, patch]
  }
}

const publish: StepFor = (action, index) => {
  const draftId = idField(action, 'draftId', index)
  const publishedId = idField(action, 'publishedId', index)
  return (current) => {
    const draft = current(draftId)
    if (!draft) throw actionFailed(index, `Cannot publish "${publishedId}": there is no draft "${draftId}"`)
    const mismatch =
      revisionMismatch(draftId, draft, action.ifDraftRevisionId) ??
      revisionMismatch(publishedId, current(publishedId), action.ifPublishedRevisionId)
    if (mismatch) throw actionFailed(index, mismatch)
    return [{ name: 'createOrReplace', body: copyOf(draft, publishedId) }, remove(draftId)]
  }
}

/** Takes the published document down, keeping its content as the draft when there is none. */
const unpublish: StepFor = (action, index) => {
  const draftId = idField(action, 'draftId', index)
  const publishedId = idField(action, 'publishedId', index)
  return (current) => {
    const published = current(publishedId)
    if (!published) throw actionFailed(index, `Cannot unpublish "${publishedId}": it is not published`)
    const keepAsDraft: ParsedMutation[] = current(draftId)
      ? []
      : [{ name: 'create', body: copyOf(published, draftId) }]
    return [...keepAsDraft, remove(publishedId)]
  }
}

const discard: StepFor = (action, index) => {
  const draftId = idField(action, 'draftId', index)
  return (current) => {
    if (!current(draftId)) throw actionFailed(index, `Cannot discard "${draftId}": there is no such draft`)
    return [remove(draftId)]
  }
}

const deleteDocument: StepFor = (action, index) => {
  const publishedId = idField(action, 'publishedId', index)
  const drafts = Array.isArray(action.includeDrafts) ? action.includeDrafts.map(String) : []
  const ids = [...new Set([publishedId, `${DRAFTS_PREFIX}${publishedId}`, ...drafts])]
  return (current) => ids.filter((id) => current(id)).map(remove)
}

/** A new draft or release version: given whole, or copied from a base document (`baseId`). */
const createVersion: StepFor = (action, index) => {
  idField(action, 'publishedId', index)
  if (action.document === undefined) {
    const baseId = idField(action, 'baseId', index)
    const versionId = idField(action, 'versionId', index)
    return (current) => {
      const base = current(baseId)
      if (!base)
        throw actionFailed(index, `Cannot create "${versionId}": there is no base document "${baseId}"`)
      const mismatch = revisionMismatch(baseId, base, action.ifBaseRevisionId)
      if (mismatch) throw actionFailed(index, mismatch)
      return [{ name: 'create', body: copyOf(base, versionId) }]
    }
  }
  const doc = documentField(action, 'document', index)
  return () => [{ name: 'create', body: doc }]
}

/** Studio 6's "Discard changes": the draft or release version named by versionId. */
const discardVersion: StepFor = (action, index) => {
  const versionId = idField(action, 'versionId', index)
  return (current) => {
    if (!current(versionId))
      throw actionFailed(index, `Cannot discard "${versionId}": there is no such version`)
    return [remove(versionId)]
  }
}

const replaceVersion: StepFor = (action, index) => {
  const doc = documentField(action, 'document', index)
  return (current) => {
    if (!current(doc._id)) throw actionFailed(index, `Cannot replace "${doc._id}": there is no such version`)
    return [{ name: 'createOrReplace', body: doc }]
  }
}

/** Marks a release version as "unpublish when the release is published", as the Studio reads it. */
const unpublishVersion: StepFor = (action, index) => {
  const versionId = idField(action, 'versionId', index)
  const publishedId = idField(action, 'publishedId', index)
  return (current) => {
    const published = current(publishedId)
    if (!published) throw actionFailed(index, `Cannot unpublish "${publishedId}": it is not published`)
    const base = copyOf(current(versionId) ?? published, versionId)
    return [{ name: 'createOrReplace', body: { ...base, _system: { delete: true } } }]
  }
}

const STEPS: Record<string, StepFor> = {
  create,
  replaceDraft,
  edit,
  publish,
  unpublish,
  discard,
  delete: deleteDocument,
  'version.create': createVersion,
  'version.discard': discardVersion,
  'version.replace': replaceVersion,
  'version.unpublish': unpublishVersion,
}

function idField(action: ActionBody, field: string, index: number): string {
  const value = action[field]
  if (!isValidDocumentId(value))
    throw badRequest(`Action at index ${index}: "${field}" must be a valid document id`)
  return value
}

/** A whole document in an action; its `_id` defaults to `defaultId` when the action allows one. */
function documentField(
  action: ActionBody,
  field: string,
  index: number,
  defaultId?: string,
): Record<string, unknown> & { _id: string } {
  const value = action[field]
  if (!isPlainObject(value) || !isValidType(value._type)) {
    throw badRequest(`Action at index ${index}: "${field}" must be a document with a "_type"`)
  }
  const id = typeof value._id === 'string' ? value._id : defaultId
  if (!isValidDocumentId(id)) throw badRequest(`Action at index ${index}: "${field}" needs a valid "_id"`)
  return { ...value, _id: id }
}

function parseOne(mutation: unknown, index: number): ParsedMutation {
  // One mutation in, one parsed mutation out.
  return parseMutations([mutation], () => `Action at index ${index}`)[0] as ParsedMutation
}

const remove = (id: string): ParsedMutation => ({ name: 'delete', body: { id } })

/** The content of `doc` under another id; the working copy stamps the system fields anew. */
function copyOf(doc: SanityDocument, id: string): Record<string, unknown> {
  const { _rev: _r, _updatedAt: _u, _originalId: _o, ...rest } = doc
  return { ...rest, _id: id }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
