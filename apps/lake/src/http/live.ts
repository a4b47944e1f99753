import { badRequest, forbidden } from '../errors.ts'
import type { EventLog } from '../events/eventLog.ts'
import { tagsOfTransaction } from '../groq/syncTags.ts'
import type { Dataset } from '../store/dataset.ts'
import type { CommittedTransaction } from '../store/types.ts'
import type { RequestContext } from './context.ts'
import { datasetOf, isTrue, readerOf } from './datasetAccess.ts'
import { openEventStream } from './eventStream.ts'

/**
 * `GET /data/live/events/:dataset`: the Live Content API. After each transaction it sends a
 * `message` with the sync tags the transaction invalidated (matching the `syncTags` of query
 * responses), so `next-sanity`'s `defineLive` refetches exactly what changed.
 */
export function handleLiveEvents(context: RequestContext): void {
  const dataset = datasetOf(context)
  const includeDrafts = isTrue(context.url.searchParams.get('includeDrafts'))
  if (includeDrafts && !readerOf(context).canReadDrafts) throw forbidden('includeDrafts requires a token')
  const events = eventsFor(context, dataset, includeDrafts)
  const stream = openEventStream(context)
  const send = (transaction: CommittedTransaction) => {
    const tags = tagsOfTransaction(transaction, includeDrafts)
    if (tags.length > 0)
      stream.write(`id: ${transaction.id}\nevent: message\ndata: ${JSON.stringify({ tags })}\n\n`)
  }
  const lastEventId = context.req.headers['last-event-id']
  const missed = typeof lastEventId === 'string' ? events.since(lastEventId) : undefined
  if (typeof lastEventId === 'string' && !missed) stream.write('event: restart\ndata: {}\n\n')
  else stream.write('event: welcome\ndata: {}\n\n')
  for (const transaction of missed ?? []) send(transaction)
  stream.onClose(events.subscribe(send))
}

/**
 * The transactions a listener hears of: with `waitFor=function`, each once the app's
 * sync-tag-invalidate functions are done with it (functions/liveGate.ts), where such a function
 * covers the dataset; otherwise, and for drafts (which functions do not see), as they commit.
 */
function eventsFor(
  context: RequestContext,
  dataset: Dataset,
  includeDrafts: boolean,
): EventLog<CommittedTransaction> {
  const waitFor = context.url.searchParams.get('waitFor')
  if (waitFor !== null && waitFor !== 'function') throw badRequest('"waitFor" must be "function"')
  const gated =
    waitFor === 'function' && !includeDrafts ? context.lake.liveGate?.released(dataset.name) : undefined
  return gated ?? dataset.transactions
}
