import type { MutationEvent } from './mutationEvents.ts'

/**
 * Gathers one listener's decisions about a transaction's events, and hands on the ones it lets
 * through once the whole transaction is decided, numbered among themselves. Hosted counts
 * `transactionTotalEvents` over the events matching the listener's filter, and the Studio holds
 * back every later event of a document until it has received that many for a transaction: a
 * count over the whole transaction left its document waiting forever ("Saving…") whenever a
 * transaction also changed a document the listener does not follow. Events arrive decided in
 * commit order, so at most one transaction is open at a time.
 */
export function listenerTransactions(deliver: (event: MutationEvent) => void) {
  let open: { transactionId: string; matched: MutationEvent[] } | undefined
  return (event: MutationEvent, matches: boolean): void => {
    if (open?.transactionId !== event.transactionId)
      open = { transactionId: event.transactionId, matched: [] }
    if (matches) open.matched.push(event)
    if (event.transactionCurrentEvent < event.transactionTotalEvents - 1) return
    const { matched } = open
    open = undefined
    for (const [index, included] of matched.entries()) {
      deliver({ ...included, transactionTotalEvents: matched.length, transactionCurrentEvent: index })
    }
  }
}
