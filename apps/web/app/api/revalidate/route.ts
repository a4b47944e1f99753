import { revalidatePath, revalidateTag } from 'next/cache'
import { after, type NextRequest } from 'next/server'
import { parseBody } from 'next-sanity/webhook'
import { purgeCache } from '@/lib/cache/purge'
import { refuse } from '@/lib/refusal'
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
 * Pages are expired (`revalidatePath`, and `revalidateTag(tag, {expire: 0})` for bodies of an
 * older projection), not just marked stale, so the first reader after a publish gets the new page
 * rather than the old one. Each of them is then rendered again in the background (`after`), so
 * readers rarely wait for a render and no page stays expired, which is what lets the cache keep
 * serving every page if the content source goes down later. Pages that do not show the change
 * stay cached as they are.
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

  const { tags, paths } = await invalidationForChange(parsed.body)
  // Which delivery this was, in the server's output next to the `render` lines it causes.
  const delivery = request.headers.get('sanity-transaction-id') ?? parsed.body._id
  console.log(`revalidate ${delivery}: received`)
  // Expired only once the pages of the publish before are rendered again (lib/revalidation/oneAtATime.ts).
  const done = await nextPublish()
  try {
    for (const tag of tags) revalidateTag(tag, { expire: 0 })
    for (const path of paths) revalidatePath(path)
  } catch (error) {
    done()
    throw error
  }
  console.log(`revalidate ${delivery}: expired ${paths.length} pages`)
  after(() => purgeCache(tags, paths))
  const origin = request.nextUrl.origin
  after(async () => {
    try {
      await warm(origin, paths)
    } finally {
      done()
    }
    console.log(`revalidate ${delivery}: rendered ${paths.length} pages again`)
  })
  return Response.json({ revalidated: true, tags, paths })
}
