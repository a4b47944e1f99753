import { isIntegrityChecked, strongReferencesOf } from './strongReferences.ts'
import type { DocumentChange, DocumentStorage } from './types.ts'

/**
 * Which committed documents hold a strong reference to an id: what a delete is checked against,
 * so a write never scans the dataset. Built on the first delete that needs it (one pass over the
 * documents, which are in memory) and then kept exact by every commit, from the commit's own
 * changes. Only documents whose references are enforced are indexed. Transactions accepted but
 * not yet committed are not in it; `PendingWrites` adds them.
 */
export class ReferrerIndex {
  readonly #storage: Pick<DocumentStorage, 'all'>
  #byTarget: Map<string, Set<string>> | undefined

  constructor(storage: Pick<DocumentStorage, 'all'>) {
    this.#storage = storage
  }

  referrersOf(target: string): Iterable<string> {
    return this.#built().get(target) ?? []
  }

  /** Follows a commit; until the index is first needed there is nothing to follow. */
  committed(changes: Iterable<DocumentChange>): void {
    if (!this.#byTarget) return
    for (const { id, before, after } of changes) {
      if (!isIntegrityChecked(id)) continue
      if (before) for (const target of strongReferencesOf(before)) this.#remove(target, id)
      if (after) for (const target of strongReferencesOf(after)) this.#add(target, id)
    }
  }

  #built(): Map<string, Set<string>> {
    if (this.#byTarget) return this.#byTarget
    this.#byTarget = new Map()
    for (const doc of this.#storage.all()) {
      if (!isIntegrityChecked(doc._id)) continue
      for (const target of strongReferencesOf(doc)) this.#add(target, doc._id)
    }
    return this.#byTarget
  }

  #add(target: string, referrer: string): void {
    const referrers = this.#byTarget?.get(target)
    if (referrers) referrers.add(referrer)
    else this.#byTarget?.set(target, new Set([referrer]))
  }

  #remove(target: string, referrer: string): void {
    const referrers = this.#byTarget?.get(target)
    referrers?.delete(referrer)
    if (referrers?.size === 0) this.#byTarget?.delete(target)
  }
}
