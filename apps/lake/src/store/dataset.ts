import { EventLog } from '../events/eventLog.ts'
import { eventsOf, type MutationEvent } from '../events/mutationEvents.ts'
import { overlay, type Perspective, perspectiveKey } from '../groq/perspective.ts'
import { runQuery, runQuerySync } from '../groq/runQuery.ts'
import { DocumentView } from '../groq/view.ts'
import { type MutationResult, prepareTransaction, type TransactionOptions } from './transactions.ts'
import type { CommittedTransaction, DocumentStorage, SanityDocument } from './types.ts'

export interface CommitOptions extends Omit<TransactionOptions, 'selectIds'> {
  dryRun?: boolean
}

export interface CommitOutcome {
  transaction: CommittedTransaction
  results: MutationResult[]
}

/**
 * One dataset: durable storage, the per-perspective views queries run on (rebuilt lazily after a
 * write), and the event log listeners follow. Writes are serialised by the single JS thread: a
 * transaction is prepared and committed synchronously, so no other write can interleave.
 */
export class Dataset {
  readonly name: string
  readonly storage: DocumentStorage
  /** Per-document mutation events, for `/data/listen`. */
  readonly events = new EventLog<MutationEvent>((event) => event.eventId)
  /** Whole transactions, for the Live Content API and webhooks. */
  readonly transactions = new EventLog<CommittedTransaction>((transaction) => transaction.id, 500)
  readonly #views = new Map<string, { revision: number; view: DocumentView }>()

  constructor(name: string, storage: DocumentStorage) {
    this.name = name
    this.storage = storage
  }

  /**
   * The documents a perspective sees. `publicOnly` hides every id with a path (`drafts.`,
   * `versions.`, anything with a dot), which is what anonymous callers may read.
   */
  view(perspective: Perspective, { publicOnly = false } = {}): DocumentView {
    const key = `${publicOnly ? 'public:' : ''}${perspectiveKey(perspective)}`
    const cached = this.#views.get(key)
    if (cached && cached.revision === this.storage.revision) return cached.view
    const source = publicOnly ? publicDocuments(this.storage.all()) : this.storage.all()
    const view = new DocumentView(overlay(source, perspective))
    this.#views.set(key, { revision: this.storage.revision, view })
    return view
  }

  commit(mutations: unknown, options: CommitOptions): CommitOutcome {
    const prepared = prepareTransaction(this.storage, mutations, {
      ...options,
      selectIds: (query, params) => this.#selectIds(query, params),
    })
    if (!options.dryRun && prepared.transaction.changes.length > 0) {
      this.storage.commit(prepared.transaction)
      this.events.publish(eventsOf(prepared.transaction))
      this.transactions.publish([prepared.transaction])
    }
    return prepared
  }

  #selectIds(query: string, params: Record<string, unknown>): string[] {
    const result = runQuerySync(query, { view: this.view({ kind: 'raw' }), params })
    const docs = Array.isArray(result) ? result : [result]
    return docs.flatMap((doc) =>
      typeof doc === 'object' && doc !== null && typeof (doc as { _id?: unknown })._id === 'string'
        ? [(doc as { _id: string })._id]
        : [],
    )
  }

  query(query: string, params: Record<string, unknown>, perspective: Perspective, reader: Reader) {
    return runQuery(query, {
      view: this.view(perspective, { publicOnly: !reader.canReadDrafts }),
      identity: reader.id,
      params,
      sanity: { projectId: 'local', dataset: this.name },
    })
  }
}

export interface Reader {
  id: string
  canReadDrafts: boolean
}

function* publicDocuments(documents: Iterable<SanityDocument>): Iterable<SanityDocument> {
  for (const doc of documents) if (!doc._id.includes('.')) yield doc
}
