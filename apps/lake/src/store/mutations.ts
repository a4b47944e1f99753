import { badRequest } from '../errors.ts'

/** The mutation shapes of the hosted `/data/mutate` endpoint. */
export type PatchBody = {
  id?: string
  query?: string
  params?: Record<string, unknown>
  ifRevisionID?: string
} & Record<string, unknown>

export type MutationBody =
  | { create: Record<string, unknown> }
  | { createOrReplace: Record<string, unknown> }
  | { createIfNotExists: Record<string, unknown> }
  | { delete: { id?: string; query?: string; params?: Record<string, unknown> } }
  | { patch: PatchBody }

const OPERATIONS = ['create', 'createOrReplace', 'createIfNotExists', 'delete', 'patch'] as const
export type OperationName = (typeof OPERATIONS)[number]

export const PATCH_OPERATIONS = new Set([
  'set',
  'setIfMissing',
  'unset',
  'inc',
  'dec',
  'insert',
  'diffMatchPatch',
])
const PATCH_KEYS = new Set([...PATCH_OPERATIONS, 'id', 'query', 'params', 'ifRevisionID'])

/** A document type: a non-empty name without whitespace or control characters. */
export function isValidType(type: unknown): type is string {
  return typeof type === 'string' && /^[^\s\p{Cc}]{1,256}$/u.test(type)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface ParsedMutation {
  name: OperationName
  body: Record<string, unknown>
  /**
   * The workflow document (a release, a schedule) whose own operation made this mutation: only
   * such mutations may write that document, or the versions of a locked release (workflowGuard.ts).
   */
  workflow?: string
}

const atIndex = (index: number) => `Mutation at index ${index}`

/**
 * Checks the shape of every mutation up front, so a malformed one is a 400 before anything runs.
 * `at` names the position in errors: an action's mutations are reported by the action's index.
 */
export function parseMutations(input: unknown, at: (index: number) => string = atIndex): ParsedMutation[] {
  const list = Array.isArray(input) ? input : input === undefined ? undefined : [input]
  if (!list || list.length === 0)
    throw badRequest('No mutations given: expected a non-empty "mutations" array')
  return list.map((mutation, index) => {
    if (!isObject(mutation)) throw badRequest(`${at(index)} is not an object`)
    const keys = Object.keys(mutation)
    const name = keys[0] as OperationName
    if (keys.length !== 1 || !OPERATIONS.includes(name)) {
      throw badRequest(
        `${at(index)} must have exactly one of ${OPERATIONS.join(', ')}; got ${keys.join(', ') || 'nothing'}`,
      )
    }
    const body = mutation[name]
    if (!isObject(body)) throw badRequest(`${at(index)}: "${name}" must be an object`)
    if (name === 'patch' || name === 'delete') {
      if (typeof body.id !== 'string' && typeof body.query !== 'string') {
        throw badRequest(`${at(index)}: "${name}" needs an "id" or a "query"`)
      }
    }
    if (name === 'patch') {
      const unknown = Object.keys(body).filter((key) => !PATCH_KEYS.has(key))
      if (unknown.length > 0) throw badRequest(`${at(index)}: unknown patch operation "${unknown[0]}"`)
    }
    if (name.startsWith('create') && !isValidType(body._type)) {
      throw badRequest(`${at(index)}: document needs a non-empty "_type" string`)
    }
    return { name, body }
  })
}
