import { EventLog } from '../events/eventLog.ts'
import { eventsOf, type MutationEvent } from '../events/mutationEvents.ts'
import { ListenFilter } from '../groq/listenFilter.ts'
import type { Perspective } from '../groq/perspective.ts'
import { selectionRaced } from '../groq/queryErrors.ts'
import type { QueryPool, ReplicaSource } from '../groq/queryPool.ts'
import { LakeError } from '../http/errors.ts'
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

/**
 * One dataset: durable storage, the event log listeners follow, and its replica in the query
 * workers, where every caller's GROQ runs. Writes are serialised by the single JS thread: a
 * transaction is prepared and committed synchronously, so no other write can interleave.
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

  constructor(name: string, storage: DocumentStorage, queries: QueryPool) {
    this.name = name
    this.storage = storage
    this.#queries = queries
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

  /** Closes storage and drops the dataset's replicas from the query workers. */
  close(): void {
    this.#queries.forget(this.#replica.key)
    this.storage.close()
  }

  /** Commits mutations that name their documents by id: the Actions API, uploads, imports. */
  commit(mutations: unknown, options: CommitOptions): CommitOutcome {
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
    const unselected = prepareTransaction(this.storage, mutations, {
      ...options,
      selectIds: (query, params) => {
        selections.set(selectionKey(query, params), { query, params })
        return []
      },
    })
    if (selections.size === 0) return this.#apply(unselected, options)
    for (let attempt = 0; attempt < SELECTION_ATTEMPTS; attempt++) {
      const { revision, ids } = await this.#select(selections)
      // Checked in the same synchronous step as the commit, so no other write comes between.
      if (revision !== this.storage.revision) continue
      return this.#commit(mutations, options, (query, params) => {
        const selected = ids.get(selectionKey(query, params))
        if (!selected)
          throw new LakeError(500, 'internalError', 'A mutation query was not selected beforehand')
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

  /** Runs a caller's GROQ in a query worker, over what the perspective and the reader may see. */
  query(query: string, params: Record<string, unknown>, perspective: Perspective, reader: Reader) {
    return this.#queries.query(this.#replica, {
      kind: 'query',
      query,
      params,
      perspective,
      publicOnly: !reader.canReadDrafts,
      identity: reader.id,
      sanity: { projectId: 'local', dataset: this.name },
    })
  }

  /** A listener's filter, parsed (and later evaluated) in a query worker. */
  listenFilter(query: string, params: Record<string, unknown>): Promise<ListenFilter> {
    return ListenFilter.open(this.#queries, query, params)
  }

  #commit(mutations: unknown, options: CommitOptions, selectIds: SelectIds): PreparedTransaction {
    return this.#apply(prepareTransaction(this.storage, mutations, { ...options, selectIds }), options)
  }

  #apply(prepared: PreparedTransaction, options: CommitOptions): PreparedTransaction {
    if (!options.dryRun && prepared.transaction.changes.length > 0) {
      const before = this.storage.revision
      this.storage.commit(prepared.transaction)
      const changes = prepared.transaction.changes.map(({ id, after }) => ({ id, after }))
      this.#queries.published(this.#replica, before, changes)
      this.events.publish(eventsOf(prepared.transaction))
      this.transactions.publish([prepared.transaction])
    }
    return prepared
  }
}

export interface Reader {
  id: string
  canReadDrafts: boolean
}

const selectionKey = (query: string, params: Record<string, unknown>) => JSON.stringify([query, params])

const refuseQuerySelection: SelectIds = () => {
  throw new LakeError(400, 'mutationError', 'Patch and delete by query are only accepted by /data/mutate')
}
