import { customAlphabet } from 'nanoid'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/**
 * Random base62 ids, the shape the hosted API uses for transaction ids and generated `_id`s.
 * Every write draws one: nanoid takes them from a pool of secure random bytes filled in bulk,
 * where a `randomBytes` call per id cost more than the rest of making it.
 */
export const randomId: (length?: number) => string = customAlphabet(ALPHABET, 22)

/** Ids the API accepts: the hosted rules (letters, digits, `_`, `-`, `.` path segments), at most 128 chars. */
const VALID_ID = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$/

export function isValidDocumentId(id: unknown): id is string {
  return typeof id === 'string' && VALID_ID.test(id) && !id.includes('..') && !id.endsWith('.')
}

export const DRAFTS_PREFIX = 'drafts.'
export const VERSIONS_PREFIX = 'versions.'

export function isDraftId(id: string): boolean {
  return id.startsWith(DRAFTS_PREFIX)
}

export function isVersionId(id: string): boolean {
  return id.startsWith(VERSIONS_PREFIX)
}

/** The published id a draft or release version belongs to. */
export function publishedIdOf(id: string): string {
  if (isDraftId(id)) return id.slice(DRAFTS_PREFIX.length)
  if (isVersionId(id)) return id.split('.').slice(2).join('.')
  return id
}

/** The fixed groups every dataset holds (`_.groups.<role>`), which only the lake writes (members/systemGroups.ts). */
export const SYSTEM_GROUPS_PREFIX = '_.groups.'

export function isSystemGroupId(id: string): boolean {
  return id.startsWith(SYSTEM_GROUPS_PREFIX)
}
