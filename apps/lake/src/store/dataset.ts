import { internalError, queryMutationNotAccepted, selectionRaced } from '../errors.ts'
import { EventLog } from '../events/eventLog.ts'
import { eventsOf, type MutationEvent } from '../events/mutationEvents.ts'
import { ListenFilter } from '../groq/listenFilter.ts'
import type { Perspective } from '../groq/perspective.ts'
import type { QueryPool, ReplicaSource } from '../groq/queryPool.ts'
import type { SourceMapMode } from '../groq/sourceMap/mode.ts'
import { randomId } from './ids.ts'
import { PendingWrites } from './pendingWrites.ts'
import { ReferrerIndex } from './referrerIndex.ts'
import {
  type MutationResult,
  type PreparedTransaction,
  prepareTransaction,
  type SelectIds,
  type TransactionOptions,
} from './transactions.ts'
import type { CommittedTransaction, DocumentStorage } from './types.ts'
import type { Selection } from './workingCopy.ts'

export interface CommitOptions extends Omit<TransactionOptions, 'selectIds'> {
  dryRun?: boolean
}

export interface CommitOutcome {
  transaction: CommittedTransaction
  results: MutationResult[]
}

// A patch or delete by query whose selection keeps being overtaken by other writes gives up after this.
const SELECTION_ATTEMPTS = 5

let datasetsOpened = 0

/** A `/data/mutate` transaction accepted and waiting for the next commit. */
interface Queued {
  prepared: PreparedTransaction
  resolve: (outcome: CommitOutcome) => void
  reject: (error: unknown) => void
}

/**
 * One dataset: durable storage, the event log listeners follow, and its replica in the query
 * workers, where every caller's GROQ runs. Writes are serialised by the single JS thread: each
 * transaction is prepared synchronously against everything accepted before it.
 *
 * Group commit: `/data/mutate` transactions that arrive together (while the last commit was
 * being synced to disk, the requests queue up) are written as one SQLite commit, in the order
 * they were accepted, each still all or nothing, and each answered only once that commit is on
 * disk. Until then nobody reads them: queries, documents and listeners see only durable state.
 * Every other write (actions, uploads, the scheduler) writes what is queued first, then itself.
 */
export class Dataset {
  readonly name: string
  readonly storage: DocumentStorage
  /** Per-document mutation events, for `/data/listen`. */
  readonly events = new EventLog<MutationEvent>((event) => event.eventId)
  /** Whole transactions, for the Live Content API and webhooks. */
  readonly transactions = new EventLog<CommittedTransaction>((transaction) => transaction.id, 500)
  readonly #queries: QueryPool
  readonly #replica: ReplicaSource
  readonly #pending: PendingWrites
  readonly #referrers: ReferrerIndex
  #queue: Queued[] = []
  #flushScheduled = false

  constructor(name: string, storage: DocumentStorage, queries: QueryPool) {
    this.name = name
    this.storage = storage
    this.#queries = queries
    this.#referrers = new ReferrerIndex(storage)
    this.#pending = new PendingWrites(storage, this.#referrers)
    // Per instance, not per name: a dataset deleted and created again must not meet an old replica.
    const key = `${name}#${++datasetsOpened}`
    this.#replica = {
      key,
      get revision() {
        return storage.revision
      },
      documents: () => storage.all(),
    }
  }

  /** Writes what is queued, closes storage and drops the dataset's replicas from the query workers. */
  close(): void {
    this.#flush()
    this.#queries.forget(this.#replica.key)
    this.storage.close()
  }

  /** Commits mutations that name their documents by id: the Actions API, uploads, imports. */
  commit(mutations: unknown, options: CommitOptions): CommitOutcome {
    this.#flush()
    return this.#commit(mutations, options, refuseQuerySelection)
  }

  /**
   * Commits `/data/mutate` mutations, patch and delete by query included. Their queries run in a
   * worker (they may run long, and the lake must not wait for them), each over the dataset at
   * revision R with the transaction's earlier mutations laid on top, as hosted applies a
   * transaction in order; the transaction then commits only if the dataset is still at R, so it
   * applies to exactly the documents it selected, as if selection and commit were one step.
   * Otherwise it selects again.
   */
  async mutate(mutations: unknown, request: CommitOptions): Promise<CommitOutcome> {
    // Prepared several times over, it must make the same documents each time.
    const generatedTransactionId = request.transactionId === undefined ? randomId() : undefined
    const options = { ...request, generatedTransactionId, generatedIds: [] }
    const first = this.#prepareUntilSelection(mutations, options, new Map())
    if (!(first instanceof SelectionNeeded)) return this.#enqueue(first, options)
    for (let attempt = 0; attempt < SELECTION_ATTEMPTS; attempt++) {
      const selected = await this.#selectInOrder(mutations, options)
      // Checked in the same synchronous step as the commit, so no other write comes between;
      // what was queued meanwhile is written first, and counts as such a write.
      this.#flush()
      if (!selected || selected.revision !== this.storage.revision) continue
      return this.#commit(mutations, options, (_query, _params, { index }) => {
        const ids = selected.ids.get(index)
        if (!ids) throw internalError('A mutation query was not selected beforehand')
        return ids
      })
    }
    throw selectionRaced()
  }

  /**
   * Selects for each query mutation in turn, each over the state the mutations before it leave,
   * all at one revision of the dataset; undefined if a write came between them.
   */
  async #selectInOrder(mutations: unknown, options: CommitOptions) {
    const ids = new Map<number, string[]>()
    // Prepared on what storage holds (nothing queued), which is what the workers' replicas hold.
    this.#flush()
    const revision = this.storage.revision
    for (;;) {
      const next = this.#prepareUntilSelection(mutations, options, ids)
      if (!(next instanceof SelectionNeeded)) return { revision, ids }
      const { query, params, selection } = next
      const answer = await this.#queries.select(
        this.#replica,
        query,
        params,
        selection.pending,
        options.identity,
      )
      this.#flush()
      if (answer.revision !== revision || this.storage.revision !== revision) return undefined
      ids.set(selection.index, answer.ids)
    }
  }

  /** Prepares the transaction with the selections made so far, or says which query must select next. */
  #prepareUntilSelection(
    mutations: unknown,
    options: CommitOptions,
    selected: Map<number, string[]>,
  ): PreparedTransaction | SelectionNeeded {
    try {
      return prepareTransaction(this.#pending, mutations, {
        ...options,
        selectIds: (query, params, selection) => {
          const ids = selected.get(selection.index)
          if (ids) return ids
          throw new SelectionNeeded(query, params, selection)
        },
      })
    } catch (error) {
      if (error instanceof SelectionNeeded) return error
      throw error
    }
  }

  /**
   * Runs a caller's GROQ in a query worker, over what the perspective and the reader may see;
   * with `sourceMap`, also maps the result to those documents (never to others).
   */
  query(
    query: string,
    params: Record<string, unknown>,
    perspective: Perspective,
    reader: Reader,
    sourceMap?: SourceMapMode,
  ) {
    return this.#queries.query(
      this.#replica,
      {
        kind: 'query',
        query,
        params,
        perspective,
        publicOnly: !reader.canReadDrafts,
        identity: reader.id,
        sanity: { projectId: 'local', dataset: this.name },
        ...(sourceMap ? { sourceMap } : {}),
      },
      reader.caller,
    )
  }

  /** A listener's filter, parsed (and later evaluated) in a query worker. */
  listenFilter(query: string, params: Record<string, unknown>): Promise<ListenFilter> {
    return ListenFilter.open(this.#queries, query, params)
  }

  #commit(mutations: unknown, options: CommitOptions, selectIds: SelectIds): PreparedTransaction {
    // Called with nothing pending (after a flush), so this reads what storage holds, plus its referrers.
    return this.#apply(prepareTransaction(this.#pending, mutations, { ...options, selectIds }), options)
  }

  #apply(prepared: PreparedTransaction, options: CommitOptions): PreparedTransaction {
    if (!options.dryRun) this.#write([prepared.transaction])
    return prepared
  }

  /**
   * Accepts a transaction for the next commit, which runs once this turn of the event loop has
   * taken every request that is waiting. Answers when it is on disk. A transaction that changes
   * nothing waits too: what it read may be a queued write.
   */
  #enqueue(prepared: PreparedTransaction, options: CommitOptions): Promise<CommitOutcome> {
    if (options.dryRun) return Promise.resolve(prepared)
    this.#pending.add(prepared.transaction)
    return new Promise((resolve, reject) => {
      this.#queue.push({ prepared, resolve, reject })
      if (this.#flushScheduled) return
      this.#flushScheduled = true
      setImmediate(() => this.#flush())
    })
  }

  /** Writes the queued transactions as one commit and answers each; if it fails, each gets the error. */
  #flush(): void {
    this.#flushScheduled = false
    const batch = this.#queue
    if (batch.length === 0) return
    this.#queue = []
    this.#pending.clear()
    try {
      this.#write(batch.map((queued) => queued.prepared.transaction))
    } catch (error) {
      for (const queued of batch) queued.reject(error)
      return
    }
    for (const queued of batch) queued.resolve(queued.prepared)
  }

  /** Commits the transactions as one, then tells the query workers and the listeners, in order. */
  #write(transactions: CommittedTransaction[]): void {
    const written = transactions.filter((transaction) => transaction.changes.length > 0)
    if (written.length === 0) return
    const before = this.storage.revision
    this.storage.commit(written)
    this.#referrers.committed(written.flatMap((transaction) => transaction.changes))
    // The workers' replicas move to the new revision in one step: the last state of each document.
    const changes = new Map(
      written.flatMap((transaction) => transaction.changes.map(({ id, after }) => [id, after])),
    )
    this.#queries.published(
      this.#replica,
      before,
      [...changes].map(([id, after]) => ({ id, after })),
    )
    for (const transaction of written) this.events.publish(eventsOf(transaction))
    this.transactions.publish(written)
  }
}

export interface Reader {
  id: string
  canReadDrafts: boolean
  /** Whose queries these are, for the query workers' fair share: a token's identity, or an anonymous caller's address. */
  caller: string
}

/**
 * Stops preparing a transaction at a query mutation whose selection is not made yet: selecting
 * is asynchronous (a worker) and preparing is synchronous (nothing may come between what it reads
 * and what it commits), so the transaction is prepared again once the worker has answered.
 */
class SelectionNeeded {
  readonly query: string
  readonly params: Record<string, unknown>
  readonly selection: Selection

  constructor(query: string, params: Record<string, unknown>, selection: Selection) {
    this.query = query
    this.params = params
    this.selection = selection
  }
}

const refuseQuerySelection: SelectIds = () => {
  throw queryMutationNotAccepted()
}
