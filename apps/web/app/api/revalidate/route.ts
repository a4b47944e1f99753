import { STORIES_REFERENCING_QUERY, STORY_REFRESH_QUERY } from '@slideshow/sanity/queries'
import { revalidateTag } from 'next/cache'
import { after, type NextRequest } from 'next/server'
import { parseBody } from 'next-sanity/webhook'
import { purgeCache } from '@/lib/cache/purge'
import { refuse } from '@/lib/refusal'
import { isFreshSignature } from '@/lib/revalidation/signatureAge'
import {
  type ChangeContext,
  type ContentChange,
  invalidationFor,
  isContentChange,
} from '@/lib/revalidation/tags'
import { publishedClient } from '@/lib/sanity/client'
import { sanityEnv } from '@/lib/sanity/env'
import { revalidateSecret } from '@/lib/sanity/token'

const WARM_CONCURRENCY = 4

/**
 * `POST /api/revalidate`: the publish webhook. A valid `sanity-webhook-signature` expires the
 * cache tags of what changed; anything else is refused before a single tag is touched. Without a
 * configured secret every call is refused (503, so senders retry once it is set).
 *
 * Tags are expired (`{expire: 0}`), not just marked stale, so the first reader after a publish
 * gets the new page rather than the old one. Every page carrying those tags is then rendered again
 * in the background (`after`), so readers rarely wait for a render and no page stays expired,
 * which is what lets the cache keep serving every page if the content source goes down later.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const { secret, problem } = revalidateSecret()
  if (secret === undefined) return refuse(503, problem)
  if (!isFreshSignature(request.headers.get('sanity-webhook-signature'))) {
    return refuse(401, 'Missing, stale or future signature timestamp')
  }

  let parsed: Awaited<ReturnType<typeof parseBody<ContentChange>>>
  try {
    // The hosted Content Lake is eventually consistent, so parseBody waits before we query it;
    // the lake only calls once the change is readable, so there is nothing to wait for.
    parsed = await parseBody<ContentChange>(request, secret, !sanityEnv.onLake)
  } catch {
    // A body that is not JSON; parseBody parses before we can look at the signature.
    return refuse(401, 'Invalid signature')
  }
  if (parsed.isValidSignature !== true) return refuse(401, 'Invalid signature')
  if (!isContentChange(parsed.body)) return refuse(400, 'Expected a body with _id and _type')
  const change = parsed.body

  const { tags, paths } = invalidationFor(change, await lookUpContext(change))
  for (const tag of tags) revalidateTag(tag, { expire: 0 })
  after(() => purgeCache(tags, paths))

  const origin = request.nextUrl.origin
  after(() => warm(origin, paths))
  return Response.json({ revalidated: true, tags, paths })
}

/** The pages a change reaches beyond its own: a person's stories, or a story's slides and people. */
async function lookUpContext(change: ContentChange): Promise<ChangeContext> {
  const fetchOptions = { cache: 'no-store' } as const
  if (change._type === 'person') {
    const slugs = await publishedClient.fetch(STORIES_REFERENCING_QUERY, { id: change._id }, fetchOptions)
    return { storiesShowingPerson: slugs.flatMap((slug) => (slug ? [slug] : [])) }
  }
  if (change._type === 'article' && change.slug) {
    return { story: await publishedClient.fetch(STORY_REFRESH_QUERY, { slug: change.slug }, fetchOptions) }
  }
  return {}
}

/**
 * Renders the pages again a few at a time: all at once, a story's fifty pages would compete with
 * readers' requests for the CPU right after every publish.
 */
async function warm(origin: string, paths: string[]): Promise<void> {
  const queue = [...paths]
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      await fetch(new URL(path, origin), { cache: 'no-store' })
        .then((response) => response.arrayBuffer())
        .catch(() => undefined)
    }
  }
  await Promise.all(Array.from({ length: WARM_CONCURRENCY }, worker))
}
