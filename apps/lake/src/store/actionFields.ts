import { badRequest } from '../errors.ts'
import { isValidDocumentId } from './ids.ts'
import { isValidType, type ParsedMutation, parseMutations } from './mutations.ts'
import type { PlanStep } from './transactions.ts'
import type { SanityDocument } from './types.ts'

/**
 * What the document and release actions share: reading an action's fields (each checked when the
 * plan is made, so a malformed action is a 400 whatever the documents hold) and the mutations
 * they are made of.
 */
export type ActionBody = Record<string, unknown> & { actionType?: unknown }

export type StepFor = (action: ActionBody, index: number) => PlanStep

export function idField(action: ActionBody, field: string, index: number): string {
  const value = action[field]
  if (!isValidDocumentId(value))
    throw badRequest(`Action at index ${index}: "${field}" must be a valid document id`)
  return value
}

/** A whole document in an action; its `_id` defaults to `defaultId` when the action allows one. */
export function documentField(
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

export function parseOne(mutation: unknown, index: number): ParsedMutation {
  // One mutation in, one parsed mutation out.
  return parseMutations([mutation], () => `Action at index ${index}`)[0] as ParsedMutation
}

export const remove = (id: string): ParsedMutation => ({ name: 'delete', body: { id } })

/** The content of `doc` under another id; the working copy stamps the system fields anew. */
export function copyOf(doc: SanityDocument, id: string): Record<string, unknown> {
  const { _rev: _r, _updatedAt: _u, _originalId: _o, ...rest } = doc
  return { ...rest, _id: id }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
