import { forbidden } from '../errors.ts'
import { tagsOfTransaction } from '../groq/syncTags.ts'
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
  const stream = openEventStream(context)
  const send = (transaction: CommittedTransaction) => {
    const tags = tagsOfTransaction(transaction, includeDrafts)
    if (tags.length > 0)
      stream.write(`id: ${transaction.id}\nevent: message\ndata: ${JSON.stringify({ tags })}\n\n`)
  }
  const lastEventId = context.req.headers['last-event-id']
  const missed = typeof lastEventId === 'string' ? dataset.transactions.since(lastEventId) : undefined
  if (typeof lastEventId === 'string' && !missed) stream.write('event: restart\ndata: {}\n\n')
  else stream.write('event: welcome\ndata: {}\n\n')
  for (const transaction of missed ?? []) send(transaction)
  stream.onClose(dataset.transactions.subscribe(send))
}
