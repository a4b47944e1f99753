import type { ReferrerIndex } from './referrerIndex.ts'
import type { CommittedTransaction, DocumentStorage, SanityDocument } from './types.ts'

/**
 * What preparing a transaction reads: the documents, the log for transaction ids and past
 * states, and the documents that may refer to an id (a superset: the caller reads each one).
 */
export type DocumentSource = Pick<
  DocumentStorage,
  'get' | 'all' | 'hasTransaction' | 'transactionsForDocuments'
> & { referrersOf(id: string): Iterable<string> }

/**
 * The durable store with the transactions accepted since its last commit laid over it: what the
 * next transaction is prepared against, so it follows them (its preconditions, revisions and
 * `before` states see their writes) while readers, who read the store itself, see only what is on
 * disk. The log stays the store's: plans that read past states (actions) run after a flush.
 */
export class PendingWrites implements DocumentSource {
  readonly #storage: DocumentStorage
  readonly #referrers: ReferrerIndex
  readonly #docs = new Map<string, SanityDocument | null>()
  readonly #transactions = new Set<string>()

  constructor(storage: DocumentStorage, referrers: ReferrerIndex) {
    this.#storage = storage
    this.#referrers = referrers
  }

  add(transaction: CommittedTransaction): void {
    this.#transactions.add(transaction.id)
    for (const change of transaction.changes) this.#docs.set(change.id, change.after)
  }

  clear(): void {
    this.#docs.clear()
    this.#transactions.clear()
  }

  get(id: string): SanityDocument | undefined {
    return this.#docs.has(id) ? (this.#docs.get(id) ?? undefined) : this.#storage.get(id)
  }

  *all(): Iterable<SanityDocument> {
    for (const doc of this.#storage.all()) {
      if (!this.#docs.has(doc._id)) yield doc
    }
    for (const doc of this.#docs.values()) if (doc) yield doc
  }

  /** The committed referrers, and every pending document: few, and the caller checks each. */
  *referrersOf(id: string): Iterable<string> {
    yield* this.#referrers.referrersOf(id)
    yield* this.#docs.keys()
  }

  hasTransaction(id: string): boolean {
    return this.#transactions.has(id) || this.#storage.hasTransaction(id)
  }

  transactionsForDocuments(documentIds: string[]): Array<{ seq: number; transaction: CommittedTransaction }> {
    return this.#storage.transactionsForDocuments(documentIds)
  }
}
