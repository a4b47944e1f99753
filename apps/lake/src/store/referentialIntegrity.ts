import { documentHasExistingReferences, referenceToMissingDocument } from '../errors.ts'
import { isIntegrityChecked, strongReferencesOf } from './strongReferences.ts'
import type { DocumentChange, SanityDocument } from './types.ts'

export interface IntegrityContext {
  /** A document as the whole transaction leaves it. */
  current(id: string): SanityDocument | null
  /** Documents that may strongly refer to `id` (a superset; each is read again). */
  referrersOf(id: string): Iterable<string>
  /** The mutation or action that last wrote `id`, for the error's `index`. */
  indexOf(id: string): number
}

/**
 * Hosted's strong-reference integrity, on a transaction's final state (so creating a target and
 * its referrer together, or deleting both, passes): every document it wrote whose references are
 * enforced refers strongly only to documents that exist, and nothing it deleted is still strongly
 * referred to by such a document. Throws a 409 otherwise, before anything is written. Reads only
 * the documents the transaction changed, and for deletes their referrers.
 */
export function refuseBrokenReferences(changes: DocumentChange[], context: IntegrityContext): void {
  for (const { id, after } of changes) {
    if (!after || !isIntegrityChecked(id)) continue
    for (const target of strongReferencesOf(after)) {
      if (!context.current(target)) throw referenceToMissingDocument(context.indexOf(id), id, target)
    }
  }
  for (const { id, after } of changes) {
    if (after) continue
    const referring = new Set<string>()
    for (const candidate of context.referrersOf(id)) {
      if (referring.has(candidate) || !isIntegrityChecked(candidate)) continue
      const doc = context.current(candidate)
      if (doc && strongReferencesOf(doc).has(id)) referring.add(candidate)
    }
    if (referring.size > 0) {
      throw documentHasExistingReferences(context.indexOf(id), id, [...referring].sort())
    }
  }
}
