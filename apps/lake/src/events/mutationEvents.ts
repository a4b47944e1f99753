import type { CommittedTransaction, DocumentChange, SanityDocument } from '../store/types.ts'

export type Transition = 'appear' | 'update' | 'disappear'

/** One listen event: a transaction's effect on one document, in the hosted listener's shape. */
export interface MutationEvent {
  eventId: string
  documentId: string
  transactionId: string
  transition: Transition
  identity: string
  previousRev?: string
  resultRev: string
  timestamp: string
  visibility: 'query' | 'transaction'
  /**
   * The documents the transaction changed, and this event's place among them (zero-based). A
   * listener renumbers both over the events its filter lets through (`listenerTransactions.ts`).
   */
  transactionTotalEvents: number
  transactionCurrentEvent: number
  mutations: unknown[]
  before: SanityDocument | null
  after: SanityDocument | null
}

function transitionOf(change: DocumentChange): Transition {
  if (!change.before) return 'appear'
  if (!change.after) return 'disappear'
  return 'update'
}

function touches(mutation: unknown, documentId: string): boolean {
  if (typeof mutation !== 'object' || mutation === null) return false
  const body = Object.values(mutation)[0] as { _id?: unknown; id?: unknown; query?: unknown } | undefined
  return body?._id === documentId || body?.id === documentId || typeof body?.query === 'string'
}

export function eventsOf(transaction: CommittedTransaction): MutationEvent[] {
  const total = transaction.changes.length
  return transaction.changes.map((change, index) => ({
    eventId: `${transaction.id}#${change.id}`,
    documentId: change.id,
    transactionId: transaction.id,
    transition: transitionOf(change),
    identity: transaction.identity,
    ...(change.before ? { previousRev: change.before._rev } : {}),
    // Every event carries the transaction as its result revision, a disappearance too: the
    // Studio orders events by it and drops events without one.
    resultRev: transaction.id,
    timestamp: transaction.timestamp,
    visibility: 'query',
    transactionTotalEvents: total,
    transactionCurrentEvent: index,
    mutations: transaction.mutations.filter((mutation) => touches(mutation, change.id)),
    before: change.before,
    after: change.after,
  }))
}

/**
 * Mendoza effects for an event. A mendoza patch `[0, value]` ("literal value") replaces the whole
 * document, which is always correct; `_rev` is left out because clients set it from `resultRev`.
 */
export function mendozaEffects(event: Pick<MutationEvent, 'before' | 'after'>): {
  apply: unknown[]
  revert: unknown[]
} {
  return { apply: [0, withoutRev(event.after)], revert: [0, withoutRev(event.before)] }
}

function withoutRev(doc: SanityDocument | null): Record<string, unknown> | null {
  if (!doc) return null
  const { _rev: _ignored, ...rest } = doc
  return rest
}
