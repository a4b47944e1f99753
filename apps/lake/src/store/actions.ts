import { badRequest, LakeError } from '../http/errors.ts'
import { DRAFTS_PREFIX, isValidDocumentId } from './ids.ts'
import { isValidType, type MutationBody } from './mutations.ts'
import type { SanityDocument } from './types.ts'

/**
 * The Actions API (`/data/actions`) expressed as plain mutations, so actions share the mutation
 * engine's atomicity and events. Preconditions are checked against the state the earlier actions
 * of the same request leave behind.
 */
export type ActionBody = Record<string, unknown> & { actionType?: unknown }

type Lookup = (id: string) => SanityDocument | null

const PREFIX = 'sanity.action.document.'

function actionError(index: number, description: string, status = 409): LakeError {
  return new LakeError(status, 'actionError', description, { items: [{ index, error: { description } }] })
}

function idField(action: ActionBody, field: string, index: number): string {
  const value = action[field]
  if (!isValidDocumentId(value))
    throw badRequest(`Action at index ${index}: "${field}" must be a valid document id`)
  return value
}

function withoutSystemFields(doc: SanityDocument): Record<string, unknown> {
  const { _rev: _r, _updatedAt: _u, _originalId: _o, ...rest } = doc
  return rest
}

export function actionsToMutations(actions: unknown, lookup: Lookup): MutationBody[] {
  if (!Array.isArray(actions) || actions.length === 0)
    throw badRequest('Expected a non-empty "actions" array')
  const pending = new Map<string, SanityDocument | null>()
  const current = (id: string) => (pending.has(id) ? (pending.get(id) ?? null) : lookup(id))
  const mutations: MutationBody[] = []
  const emit = (mutation: MutationBody, id: string, after: SanityDocument | null) => {
    mutations.push(mutation)
    pending.set(id, after)
  }

  actions.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw badRequest(`Action at index ${index} is not an object`)
    const action = raw as ActionBody
    const type = typeof action.actionType === 'string' ? action.actionType.slice(PREFIX.length) : ''
    switch (action.actionType === `${PREFIX}${type}` ? type : '') {
      case 'create':
      case 'replaceDraft': {
        const publishedId = idField(action, 'publishedId', index)
        const attributes = action.attributes as Record<string, unknown> | undefined
        if (typeof attributes !== 'object' || attributes === null || !isValidType(attributes._type)) {
          throw badRequest(`Action at index ${index}: "attributes" must be a document with a "_type"`)
        }
        const id = typeof attributes._id === 'string' ? attributes._id : `${DRAFTS_PREFIX}${publishedId}`
        const doc = { ...attributes, _id: id } as SanityDocument
        if (type === 'create' && current(id)) {
          if (action.ifExists === 'ignore') return
          throw actionError(index, `Document "${id}" already exists`)
        }
        emit(type === 'create' ? { create: doc } : { createOrReplace: doc }, id, doc)
        return
      }
      case 'edit': {
        const draftId = idField(action, 'draftId', index)
        const publishedId = idField(action, 'publishedId', index)
        let draft = current(draftId)
        if (!draft) {
          const published = current(publishedId)
          if (!published)
            throw actionError(index, `Cannot edit "${publishedId}": no draft or published document`)
          draft = { ...published, _id: draftId }
          emit({ createIfNotExists: withoutSystemFields(draft) }, draftId, draft)
        }
        const patch = (action.patch ?? {}) as Record<string, unknown>
        emit({ patch: { ...patch, id: draftId } }, draftId, draft)
        return
      }
      case 'publish': {
        const draftId = idField(action, 'draftId', index)
        const publishedId = idField(action, 'publishedId', index)
        const draft = current(draftId)
        if (!draft)
          throw actionError(index, `Cannot publish "${publishedId}": there is no draft "${draftId}"`)
        if (typeof action.ifDraftRevisionId === 'string' && draft._rev !== action.ifDraftRevisionId) {
          throw actionError(
            index,
            `Draft "${draftId}" has revision "${draft._rev}", expected "${action.ifDraftRevisionId}"`,
          )
        }
        const published = current(publishedId)
        if (
          typeof action.ifPublishedRevisionId === 'string' &&
          published?._rev !== action.ifPublishedRevisionId
        ) {
          throw actionError(
            index,
            `Published document "${publishedId}" has revision "${published?._rev}", expected "${action.ifPublishedRevisionId}"`,
          )
        }
        const doc = { ...withoutSystemFields(draft), _id: publishedId } as SanityDocument
        emit({ createOrReplace: doc }, publishedId, doc)
        emit({ delete: { id: draftId } }, draftId, null)
        return
      }
      case 'unpublish': {
        const draftId = idField(action, 'draftId', index)
        const publishedId = idField(action, 'publishedId', index)
        const published = current(publishedId)
        if (!published) throw actionError(index, `Cannot unpublish "${publishedId}": it is not published`)
        if (!current(draftId)) {
          const draft = { ...withoutSystemFields(published), _id: draftId } as SanityDocument
          emit({ create: draft }, draftId, draft)
        }
        emit({ delete: { id: publishedId } }, publishedId, null)
        return
      }
      case 'version.discard': {
        // Studio 6's "Discard changes": the draft or release version named by versionId.
        const versionId = idField(action, 'versionId', index)
        if (!current(versionId))
          throw actionError(index, `Cannot discard "${versionId}": there is no such version`)
        emit({ delete: { id: versionId } }, versionId, null)
        return
      }
      case 'discard': {
        const draftId = idField(action, 'draftId', index)
        if (!current(draftId)) throw actionError(index, `Cannot discard "${draftId}": there is no such draft`)
        emit({ delete: { id: draftId } }, draftId, null)
        return
      }
      case 'delete': {
        const publishedId = idField(action, 'publishedId', index)
        const drafts = Array.isArray(action.includeDrafts) ? action.includeDrafts : []
        const ids = [publishedId, `${DRAFTS_PREFIX}${publishedId}`, ...drafts.map(String)]
        for (const id of new Set(ids)) {
          if (current(id)) emit({ delete: { id } }, id, null)
        }
        return
      }
      default:
        throw badRequest(
          `Action at index ${index}: unsupported actionType ${JSON.stringify(action.actionType)}`,
        )
    }
  })
  return mutations
}
