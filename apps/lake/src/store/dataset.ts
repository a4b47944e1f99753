import { internalError, queryMutationNotAccepted, selectionRaced } from '../errors.ts'
import { EventLog } from '../events/eventLog.ts'
import { eventsOf, type MutationEvent } from '../events/mutationEvents.ts'
import { ListenFilter } from '../groq/listenFilter.ts'
import type { Perspective } from '../groq/perspective.ts'
import type { QueryPool, ReplicaSource } from '../groq/queryPool.ts'
import type { SourceMapMode } from '../groq/sourceMap/mode.ts'
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
   * worker at revision R (they may run long, and the lake must not wait for them); the
   * transaction then commits only if the dataset is still at R, so it applies to exactly the
   * documents it selected, as if selection and commit were one step. Otherwise it selects again.
   */
  async mutate(mutations: unknown, options: CommitOptions): Promise<CommitOutcome> {
    // Prepared once with empty selections, which finds the queries (the mutation parser stays
    // the one place that knows where they sit) and is the whole work when there are none.
    const selections = new Map<string, { query: string; params: Record<string, unknown> }>()
    const unselected = prepareTransaction(this.#pending, mutations, {
      ...options,
      selectIds: (query, params) => {
        selections.set(selectionKey(query, params), { query, params })
        return []
      },
    })
    if (selections.size === 0) return this.#enqueue(unselected, options)
    for (let attempt = 0; attempt < SELECTION_ATTEMPTS; attempt++) {
      this.#flush()
      const { revision, ids } = await this.#select(selections)
      // Checked in the same synchronous step as the commit, so no other write comes between;
      // what was queued meanwhile is written first, and counts as such a write.
      this.#flush()
      if (revision !== this.storage.revision) continue
      return this.#commit(mutations, options, (query, params) => {
        const selected = ids.get(selectionKey(query, params))
        if (!selected) throw internalError('A mutation query was not selected beforehand')
        return selected
      })
    }
    throw selectionRaced()
  }

  /** Each query's ids, and the revision they were all selected at (undefined if a write came between them). */
  async #select(selections: Map<string, { query: string; params: Record<string, unknown> }>) {
    const answers = await Promise.all(
      [...selections].map(async ([key, { query, params }]) => ({
        key,
        ...(await this.#queries.select(this.#replica, query, params)),
      })),
    )
    const revision = answers[0]?.revision
    return {
      revision: answers.every((answer) => answer.revision === revision) ? revision : undefined,
      ids: new Map(answers.map(({ key, ids }) => [key, ids])),
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
    return this.#queries.query(this.#replica, {
      kind: 'query',
      query,
      params,
      perspective,
      publicOnly: !reader.canReadDrafts,
      identity: reader.id,
      sanity: { projectId: 'local', dataset: this.name },
      ...(sourceMap ? { sourceMap } : {}),
    })
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
}

const selectionKey = (query: string, params: Record<string, unknown>) => JSON.stringify([query, params])

const refuseQuerySelection: SelectIds = () => {
  throw queryMutationNotAccepted()
}
