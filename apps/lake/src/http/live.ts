import { tagsOfTransaction } from '../groq/syncTags.ts'
import type { CommittedTransaction } from '../store/types.ts'
import type { RequestContext } from './context.ts'
import { sendJson } from './context.ts'
import { datasetOf, isTrue, readerOf } from './datasetAccess.ts'
import { forbidden } from './errors.ts'

const KEEP_ALIVE_MS = 20_000

/**
 * `GET /data/live/events/:dataset`: the Live Content API. After each transaction it sends a
 * `message` with the sync tags the transaction invalidated (matching the `syncTags` of query
 * responses), so `next-sanity`'s `defineLive` refetches exactly what changed.
 */
export function handleLiveEvents(context: RequestContext): void {
  const dataset = datasetOf(context)
  const includeDrafts = isTrue(context.url.searchParams.get('includeDrafts'))
  if (includeDrafts && !readerOf(context).canReadDrafts) throw forbidden('includeDrafts requires a token')
  const { req, res } = context
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...(req.httpVersionMajor === 1 ? { connection: 'keep-alive' } : {}),
  })
  const send = (transaction: CommittedTransaction) => {
    const tags = tagsOfTransaction(transaction, includeDrafts)
    if (tags.length > 0)
      res.write(`id: ${transaction.id}\nevent: message\ndata: ${JSON.stringify({ tags })}\n\n`)
  }
  const lastEventId = req.headers['last-event-id']
  const missed = typeof lastEventId === 'string' ? dataset.transactions.since(lastEventId) : undefined
  if (typeof lastEventId === 'string' && !missed) res.write('event: restart\ndata: {}\n\n')
  else res.write('event: welcome\ndata: {}\n\n')
  for (const transaction of missed ?? []) send(transaction)
  const unsubscribe = dataset.transactions.subscribe(send)
  const keepAlive = setInterval(() => res.write(':\n\n'), KEEP_ALIVE_MS)
  req.on('close', () => {
    clearInterval(keepAlive)
    unsubscribe()
  })
}

/** `GET /check/cors`: the client's CORS probe; the lake allows every origin. */
export function handleCorsCheck(context: RequestContext): void {
  sendJson(context.res, 200, { result: { allowed: true, withCredentials: true } })
}
