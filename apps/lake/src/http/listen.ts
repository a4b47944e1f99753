import { evaluateSync, type parse } from 'groq-js'
import { type MutationEvent, mendozaEffects } from '../events/mutationEvents.ts'
import { parseQuery } from '../groq/runQuery.ts'
import { randomId } from '../store/ids.ts'
import type { SanityDocument } from '../store/types.ts'
import type { RequestContext } from './context.ts'
import { datasetOf, readerOf } from './datasetAccess.ts'
import { badRequest } from './errors.ts'

const KEEP_ALIVE_MS = 20_000

interface ListenOptions {
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  mendoza: boolean
}

/**
 * `GET /data/listen/:dataset`: Server-Sent Events for every change to a document matching the
 * GROQ filter (before or after the change), shaped as the hosted listener's `mutation` events.
 */
export function handleListen(context: RequestContext): void {
  const search = context.url.searchParams
  const query = search.get('query')
  if (!query) throw badRequest('Missing "query" parameter', 'queryParseError')
  const params = listenParams(search)
  const tree = parseQuery(query, params)
  const dataset = datasetOf(context)
  const reader = readerOf(context)
  const options: ListenOptions = {
    includeResult: search.get('includeResult') !== 'false',
    includePreviousRevision: search.get('includePreviousRevision') === 'true',
    includeMutations: search.get('includeMutations') !== 'false',
    mendoza: search.get('effectFormat') === 'mendoza',
  }
  const visible = (doc: SanityDocument | null) =>
    doc !== null && (reader.canReadDrafts || !doc._id.includes('.')) && matches(tree, doc, params)

  const { res, req } = context
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...(req.httpVersionMajor === 1 ? { connection: 'keep-alive' } : {}),
  })
  const send = (event: string, data: unknown, id?: string) =>
    res.write(`event: ${event}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`)
  const deliver = (event: MutationEvent) => {
    if (visible(event.before) || visible(event.after))
      send('mutation', toPayload(event, options), event.eventId)
  }

  const lastEventId = req.headers['last-event-id']
  const resumeFrom =
    search.get('enableResume') === 'true' && typeof lastEventId === 'string' ? lastEventId : undefined
  const missed = resumeFrom ? dataset.events.since(resumeFrom) : undefined
  if (resumeFrom && !missed) send('reset', {})
  else if (missed) send('welcomeback', { listenerName: randomId() })
  else send('welcome', { listenerName: randomId() })
  for (const event of missed ?? []) deliver(event)

  const unsubscribe = dataset.events.subscribe(deliver)
  const keepAlive = setInterval(() => res.write(':\n\n'), KEEP_ALIVE_MS)
  req.on('close', () => {
    clearInterval(keepAlive)
    unsubscribe()
  })
}

function listenParams(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw badRequest(`Parameter "${key}" is not valid JSON`, 'queryParseError')
    }
  }
  return params
}

function matches(
  tree: ReturnType<typeof parse>,
  doc: SanityDocument,
  params: Record<string, unknown>,
): boolean {
  try {
    const result = evaluateSync(tree, { dataset: [doc], params }).data
    return Array.isArray(result) ? result.length > 0 : Boolean(result)
  } catch {
    return false
  }
}

function toPayload(event: MutationEvent, options: ListenOptions): Record<string, unknown> {
  const { before, after, mutations, ...fields } = event
  return {
    ...fields,
    ...(options.includeMutations ? { mutations } : {}),
    ...(options.includeResult && after ? { result: after } : {}),
    ...(options.includePreviousRevision && before ? { previous: before } : {}),
    ...(options.mendoza ? { effects: mendozaEffects(event) } : {}),
  }
}
