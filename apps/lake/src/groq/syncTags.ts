import { createHash } from 'node:crypto'
import { publishedIdOf } from '../store/ids.ts'
import type { CommittedTransaction } from '../store/types.ts'

/**
 * Sync tags say which content a query result depends on, so a Live Content API listener knows
 * when to refetch. The lake's tags are per document type, per document, and `*` for queries
 * that scan everything. Tags are hashed to the opaque `s1:xxxx` shape of the hosted API.
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

/*
 * Next.js keeps at most 128 cache tags per fetch and drops the rest, so a preview that depends on
 * more documents than that (a story's 43 photo assets, its people) would silently stop refreshing
 * for some of them. Types and ids therefore share a fixed space of KEY_BUCKETS keys: with `*`, a
 * query never carries more than 128 tags. Two documents in one bucket cost a spare refetch, never
 * a missed one.
 */
const KEY_BUCKETS = 127

function bucketKey(key: string): string {
  return `k:${createHash('sha1').update(key).digest().readUInt32BE(0) % KEY_BUCKETS}`
}

export const typeKey = (type: string) => bucketKey(`type:${type}`)
/**
 * A document's key is its published id's, whatever version was read or written: a draft edit must
 * refresh a preview that read the draft (the drafts perspective overlays `drafts.<id>` as `<id>`)
 * or followed a reference, which always names the published id.
 */
export const idKey = (id: string) => bucketKey(`id:${publishedIdOf(id)}`)

/**
 * The tags a transaction invalidates: the types and ids it changed, and "everything". Without
 * `includeDrafts` (anonymous listeners) changes to drafts, release versions and system documents
 * (every id with a `.`) are left out entirely, so such a listener cannot even learn that one happened.
 */
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
