import { after, type NextRequest } from 'next/server'
import { parseBody } from 'next-sanity/webhook'
import { purgeCache } from '@/lib/cache/purge'
import { refuse } from '@/lib/refusal'
import { ExpiryNotRecorded, expire } from '@/lib/revalidation/expire'
import { invalidationForChange } from '@/lib/revalidation/invalidation'
import { oneAtATime } from '@/lib/revalidation/oneAtATime'
import { isFreshSignature } from '@/lib/revalidation/signatureAge'
import { type ContentChange, isContentChange } from '@/lib/revalidation/tags'
import { warm } from '@/lib/revalidation/warm'
import { sanityEnv } from '@/lib/sanity/env'
import { revalidateSecret } from '@/lib/sanity/token'

// A story's pages render again in well under this; a render that hangs must not stop publishing.
const nextPublish = oneAtATime(15_000)

/**
 * `POST /api/revalidate`: the publish webhook. A valid `sanity-webhook-signature` expires the
 * pages that show what changed (lib/revalidation/changedPages.ts); anything else is refused
 * before a single page is touched. Without a configured secret every call is refused (503, so
 * senders retry once it is set).
 *
 * Pages are expired (lib/revalidation/expire.ts: by path, and by tag for bodies of an older
 * projection), not just marked stale, so the first reader after a publish gets the new page
 * rather than the old one. With the shared cache (REDIS_URL) they are expired on every instance,
 * and the answer is 200 only once Redis has recorded it: otherwise 503, and the sender delivers
 * again. Each page is then rendered again in the background (`after`), so readers rarely wait for
 * a render and no page stays expired, which is what lets the cache keep serving every page if the
 * content source goes down later. Pages that do not show the change stay cached as they are.
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

  const invalidation = await invalidationForChange(parsed.body)
  const { tags, paths } = invalidation
  // Which delivery this was, in the server's output next to the `render` lines it causes.
  const delivery = request.headers.get('sanity-transaction-id') ?? parsed.body._id
  console.log(`revalidate ${delivery}: received`)
  // Expired only once the pages of the publish before are rendered again (lib/revalidation/oneAtATime.ts).
  const done = await nextPublish()
  try {
    await expire(invalidation)
  } catch (error) {
    done()
    if (!(error instanceof ExpiryNotRecorded)) throw error
    console.error(`revalidate ${delivery}: not recorded, the shared cache is unavailable (${error.message})`)
    return refuse(503, 'The shared cache (Redis) did not record the change; send it again')
  }
  console.log(`revalidate ${delivery}: expired ${paths.length} pages`)
  const origin = request.nextUrl.origin
  after(async () => {
    try {
      // With a cache in front, its refetches render the pages again (on any instance: they share
      // the cache); without one, or when it does not answer, this server does.
      if (!(await purgeCache(tags, paths))) await warm(origin, paths)
    } finally {
      done()
    }
    console.log(`revalidate ${delivery}: rendered ${paths.length} pages again`)
  })
  return Response.json({ revalidated: true, tags, paths })
}
