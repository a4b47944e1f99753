import { badRequest } from '../errors.ts'
import { listenerTransactions } from '../events/listenerTransactions.ts'
import { type MutationEvent, mendozaEffects } from '../events/mutationEvents.ts'
import { assertQuerySize } from '../groq/queryErrors.ts'
import { isVersionId, randomId } from '../store/ids.ts'
import type { SanityDocument } from '../store/types.ts'
import type { RequestContext } from './context.ts'
import { datasetOf, readerOf } from './datasetAccess.ts'
import { openEventStream } from './eventStream.ts'

interface ListenOptions {
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  mendoza: boolean
  /** Who made a change is for project members: anonymous listeners get an empty `identity`. */
  showIdentity: boolean
}

/**
 * Which changes a listener hears of: anonymous ones only published documents; project members
 * drafts too, and release versions only when they ask (`includeAllVersions`), as hosted.
 */
function visibleTo(canReadDrafts: boolean, includeAllVersions: boolean) {
  return (doc: SanityDocument | null): doc is SanityDocument =>
    doc !== null && (canReadDrafts || !doc._id.includes('.')) && (includeAllVersions || !isVersionId(doc._id))
}

/**
 * `GET /data/listen/:dataset`: Server-Sent Events for every change to a document matching the
 * GROQ filter (before or after the change), shaped as the hosted listener's `mutation` events.
 */
export async function handleListen(context: RequestContext): Promise<void> {
  const search = context.url.searchParams
  const query = search.get('query')
  if (!query) throw badRequest('Missing "query" parameter', 'queryParseError')
  assertQuerySize(query, 'GET', context.lake.config.maxGetQueryBytes)
  const params = listenParams(search)
  const dataset = datasetOf(context)
  const filter = await dataset.listenFilter(query, params)
  const reader = readerOf(context)
  const options: ListenOptions = {
    // Off unless asked for, as on hosted: @sanity/client sends `includeResult=true` by default and
    // leaves the parameter out to switch it off (the Studio's listeners do).
    includeResult: search.get('includeResult') === 'true',
    includePreviousRevision: search.get('includePreviousRevision') === 'true',
    includeMutations: search.get('includeMutations') !== 'false',
    mendoza: search.get('effectFormat') === 'mendoza',
    showIdentity: context.identity.role !== 'anonymous',
  }
  const readable = visibleTo(reader.canReadDrafts, search.get('includeAllVersions') === 'true')

  const { req } = context
  const stream = openEventStream(context)
  const send = (event: string, data: unknown, id?: string) =>
    stream.write(`event: ${event}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`)
  // The filter is decided in a query worker; one that runs out of time ends in a channelError,
  // which @sanity/client raises as an error (and closes) rather than reconnecting.
  const deliver = filter.inOrder((event: MutationEvent) => [event.before, event.after].filter(readable), {
    decided: listenerTransactions((event) => send('mutation', toPayload(event, options), event.eventId)),
    fail: (error) => send('channelError', { message: error.message }),
  })

  const lastEventId = req.headers['last-event-id']
  const resumeFrom =
    search.get('enableResume') === 'true' && typeof lastEventId === 'string' ? lastEventId : undefined
  const missed = resumeFrom ? dataset.events.since(resumeFrom) : undefined
  if (resumeFrom && !missed) send('reset', {})
  else if (missed) send('welcomeback', { listenerName: randomId() })
  else send('welcome', { listenerName: randomId() })
  for (const event of missed ?? []) deliver(event)

  stream.onClose(dataset.events.subscribe(deliver))
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

function toPayload(event: MutationEvent, options: ListenOptions): Record<string, unknown> {
  const { before, after, mutations, ...fields } = event
  return {
    ...fields,
    ...(options.showIdentity ? {} : { identity: '' }),
    ...(options.includeMutations ? { mutations } : {}),
    ...(options.includeResult && after ? { result: after } : {}),
    ...(options.includePreviousRevision && before ? { previous: before } : {}),
    ...(options.mendoza ? { effects: mendozaEffects(event) } : {}),
  }
}
