import { actionFailed, badRequest } from '../errors.ts'
import { RELEASE_STEPS } from '../releases/releaseActions.ts'
import {
  type ActionBody,
  copyOf,
  documentField,
  idField,
  isPlainObject,
  parseOne,
  remove,
  type StepFor,
} from './actionFields.ts'
import { DRAFTS_PREFIX, isDraftId, isVersionId, publishedIdOf } from './ids.ts'
import type { ParsedMutation } from './mutations.ts'
import { revisionMismatch } from './revisionConditions.ts'
import { strengthenOnPublish } from './strongReferences.ts'
import { TransactionPlan } from './transactions.ts'

/**
 * The Actions API (`/data/actions`) as a transaction plan: one step per action, each turned into
 * plain mutations against the documents as the earlier actions of the same request left them.
 * So actions apply in order, in one atomic transaction, with the mutation engine's events, and
 * their preconditions see the in-request state. Each action's fields are checked when the plan
 * is made, so a malformed action is a 400 whatever the documents hold.
 */
export function actionPlan(actions: unknown): TransactionPlan {
  if (!Array.isArray(actions) || actions.length === 0)
    throw badRequest('Expected a non-empty "actions" array')
  return new TransactionPlan(
    'Action',
    actions.map((raw, index) => {
      if (typeof raw !== 'object' || raw === null)
        throw badRequest(`Action at index ${index} is not an object`)
      const action = raw as ActionBody
      const type = String(action.actionType)
      const stepFor = Object.hasOwn(STEPS, type) ? STEPS[type] : undefined
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
    return [
      { name: 'createOrReplace', body: strengthenOnPublish(copyOf(draft, publishedId)) },
      remove(draftId),
    ]
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
  const publishedId = idField(action, 'publishedId', index)
  if (action.document === undefined) {
    const baseId = idField(action, 'baseId', index)
    const versionId = versionField(idField(action, 'versionId', index), publishedId, index)
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
  versionField(doc._id, publishedId, index)
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
  const publishedId = idField(action, 'publishedId', index)
  const versionId = versionField(idField(action, 'versionId', index), publishedId, index)
  if (!isVersionId(versionId))
    throw badRequest(
      `Action at index ${index}: "versionId" must be a release version (versions.<release>.<id>)`,
    )
  return (current) => {
    const published = current(publishedId)
    if (!published) throw actionFailed(index, `Cannot unpublish "${publishedId}": it is not published`)
    const base = copyOf(current(versionId) ?? published, versionId)
    return [{ name: 'createOrReplace', body: { ...base, _system: { delete: true } } }]
  }
}

/** As hosted: a version id is `drafts.` or `versions.<release>.` followed by its published id. */
function versionField(versionId: string, publishedId: string, index: number): string {
  const ofPublished =
    (isDraftId(versionId) || isVersionId(versionId)) && publishedIdOf(versionId) === publishedId
  if (!ofPublished) {
    throw badRequest(
      `Action at index ${index}: "${versionId}" is not a draft or release version of "${publishedId}"`,
    )
  }
  return versionId
}

const DOCUMENT_STEPS: Record<string, StepFor> = {
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

const STEPS: Record<string, StepFor> = {
  ...Object.fromEntries(
    Object.entries(DOCUMENT_STEPS).map(([name, step]) => [`sanity.action.document.${name}`, step]),
  ),
  ...RELEASE_STEPS,
}
