import type { CommittedTransaction, DocumentStorage, SanityDocument, StorageBackend } from './types.ts'

/**
 * Datasets held in memory only, for tests: fast to create and nothing to clean up. A commit is
 * all-or-none like SQLite's, but nothing survives the process, so none of SQLite's durability
 * (fsync before the acknowledgement, recovery after a crash) applies; serving real content
 * stays on `sqliteBackend`.
 */
export function memoryBackend(): StorageBackend {
  const kept = new Map<string, MemoryState>()
  return {
    sharedWithOtherProcesses: false,
    open(dataset) {
      let state = kept.get(dataset)
      if (!state) {
        state = { docs: new Map(), log: [], seqById: new Map(), seqsByDocument: new Map() }
        kept.set(dataset, state)
      }
      return new MemoryStorage(state)
    },
    remove(dataset) {
      kept.delete(dataset)
    },
  }
}

/** What a dataset keeps from one open to the next, as SQLite keeps its file. */
interface MemoryState {
  docs: Map<string, SanityDocument>
  /** Transactions as JSON, like SQLite's rows, so a reader never shares objects with a writer. */
  log: Array<{ seq: number; id: string; json: string }>
  seqById: Map<string, number>
  seqsByDocument: Map<string, number[]>
}

type Sequenced = { seq: number; transaction: CommittedTransaction }

export class MemoryStorage implements DocumentStorage {
  readonly #state: MemoryState
  #revision = 0

  constructor(state: MemoryState) {
    this.#state = state
  }

  get size(): number {
    return this.#state.docs.size
  }

  get revision(): number {
    return this.#revision
  }

  get(id: string): SanityDocument | undefined {
    return this.#state.docs.get(id)
  }

  all(): Iterable<SanityDocument> {
    return this.#state.docs.values()
  }

  commit(transactions: CommittedTransaction[]): void {
    const state = this.#state
    // Checked before anything is written, so a refused batch leaves no trace (SQLite rolls back).
    const ids = new Set<string>()
    for (const { id } of transactions) {
      if (state.seqById.has(id) || ids.has(id)) throw new Error(`Transaction "${id}" is already stored`)
      ids.add(id)
    }
    for (const transaction of transactions) {
      const seq = this.lastSeq() + 1
      state.log.push({ seq, id: transaction.id, json: JSON.stringify(transaction) })
      state.seqById.set(transaction.id, seq)
      for (const change of transaction.changes) {
        const seqs = state.seqsByDocument.get(change.id)
        if (seqs) seqs.push(seq)
        else state.seqsByDocument.set(change.id, [seq])
        if (change.after) state.docs.set(change.id, change.after)
        else state.docs.delete(change.id)
      }
      this.#revision++
    }
  }

  transactionsForDocuments(documentIds: string[]): Sequenced[] {
    return this.#sequenced(documentIds.flatMap((id) => this.#state.seqsByDocument.get(id) ?? []))
  }

  transactionsUnder(prefix: string): Sequenced[] {
    if (prefix.length === 0) throw new Error('transactionsUnder needs a non-empty prefix')
    const seqs: number[] = []
    for (const [id, ofDocument] of this.#state.seqsByDocument) {
      if (id.startsWith(prefix)) seqs.push(...ofDocument)
    }
    return this.#sequenced(seqs)
  }

  transactionsSince(seq: number, limit: number): Sequenced[] {
    const from = Math.max(0, seq)
    return this.#state.log.slice(from, from + limit).map(toSequenced)
  }

  lastSeq(): number {
    return this.#state.log.at(-1)?.seq ?? 0
  }

  transaction(id: string): CommittedTransaction | undefined {
    const seq = this.#state.seqById.get(id)
    return seq === undefined ? undefined : this.#entry(seq).transaction
  }

  hasTransaction(id: string): boolean {
    return this.#state.seqById.has(id)
  }

  close(): void {}

  /** Each transaction once, oldest first. */
  #sequenced(seqs: number[]): Sequenced[] {
    return [...new Set(seqs)].sort((a, b) => a - b).map((seq) => this.#entry(seq))
  }

  /** Sequence numbers start at 1 and have no gaps, so a transaction's place in the log is seq - 1. */
  #entry(seq: number): Sequenced {
    const entry = this.#state.log[seq - 1]
    if (entry?.seq !== seq) throw new Error(`Transaction ${seq} is missing from the memory log`)
    return toSequenced(entry)
  }
}

function toSequenced(entry: { seq: number; json: string }): Sequenced {
  return { seq: entry.seq, transaction: JSON.parse(entry.json) as CommittedTransaction }
}
