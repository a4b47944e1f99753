export interface SanityDocument {
  _id: string
  _type: string
  _rev: string
  _createdAt: string
  _updatedAt: string
  [field: string]: unknown
}

/** One document's state before and after a transaction; `null` means "does not exist". */
export interface DocumentChange {
  id: string
  before: SanityDocument | null
  after: SanityDocument | null
}

export interface CommittedTransaction {
  id: string
  timestamp: string
  identity: string
  mutations: unknown[]
  changes: DocumentChange[]
}

/**
 * The storage layer behind the HTTP API. The in-process view of documents is always the committed
 * state: `commit` returns only after the transaction is durable on disk.
 */
export interface DocumentStorage {
  get(id: string): SanityDocument | undefined
  all(): Iterable<SanityDocument>
  readonly size: number
  /** Increments on every commit; caches key on it. */
  readonly revision: number
  /** Writes the transactions, in order, as one durable commit: all of them or none. */
  commit(transactions: CommittedTransaction[]): void
  /** Every transaction that changed any of `documentIds`, oldest first. */
  transactionsForDocuments(documentIds: string[]): Array<{ seq: number; transaction: CommittedTransaction }>
  /** Every transaction that changed a document whose id starts with `prefix`, oldest first. */
  transactionsUnder(prefix: string): Array<{ seq: number; transaction: CommittedTransaction }>
  /** Transactions committed after sequence number `seq`, oldest first, with their sequence numbers. */
  transactionsSince(seq: number, limit: number): Array<{ seq: number; transaction: CommittedTransaction }>
  /** The sequence number of the newest transaction, 0 when there is none. */
  lastSeq(): number
  transaction(id: string): CommittedTransaction | undefined
  hasTransaction(id: string): boolean
  close(): void
}

/**
 * Where the lake keeps its datasets, chosen where the lake is assembled (`server.ts`, `cli.ts`)
 * and handed to it, so the lake never picks a store itself: SQLite files to serve from, memory
 * for tests.
 */
export interface StorageBackend {
  /** The storage of dataset `name`, holding whatever it held when last closed. */
  open(name: string): DocumentStorage
  /** Drops everything dataset `name` stored: it was deleted, or its creation failed. */
  remove(name: string): void
  /** Another process opening the same data dir sees these datasets (so a child may seed them). */
  readonly sharedWithOtherProcesses: boolean
}
