import { createHash } from 'node:crypto'
import type { CommittedTransaction } from '../store/types.ts'

/**
 * Sync tags say which content a query result depends on, so a Live Content API listener knows
 * when to refetch. The lake's tags are per document type (`type:<name>`), per document id
 * (`id:<id>`), and `*` for queries that scan everything. Tags are hashed to the opaque
 * `s1:xxxx` shape of the hosted API.
 */
export function syncTag(key: string): string {
  let tag = hashed.get(key)
  if (tag === undefined) {
    if (hashed.size >= HASHED_ENTRIES) hashed.clear()
    tag = `s1:${createHash('sha1').update(key).digest('base64url').slice(0, 10)}`
    hashed.set(key, tag)
  }
  return tag
}

// Every query answer carries its tags, and the same few types and ids recur.
const HASHED_ENTRIES = 10_000
const hashed = new Map<string, string>()

export const ANY = '*'
export const typeKey = (type: string) => `type:${type}`
export const idKey = (id: string) => `id:${id}`

/** The tags a transaction invalidates: the types and ids it changed, and "everything". */
export function tagsOfTransaction(transaction: CommittedTransaction, includeDrafts: boolean): string[] {
  const keys = new Set<string>()
  for (const change of transaction.changes) {
    if (!includeDrafts && change.id.includes('.')) continue
    keys.add(idKey(change.id))
    for (const doc of [change.before, change.after]) if (doc) keys.add(typeKey(doc._type))
  }
  if (keys.size === 0) return []
  keys.add(ANY)
  return [...keys].map(syncTag)
}
