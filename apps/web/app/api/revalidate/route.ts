import { STORIES_REFERENCING_QUERY } from '@slideshow/sanity/queries'
import { revalidateTag } from 'next/cache'
import { after, type NextRequest } from 'next/server'
import { parseBody } from 'next-sanity/webhook'
import { type ContentChange, invalidationFor, isContentChange } from '@/lib/revalidation/tags'
import { publishedClient } from '@/lib/sanity/client'
import { sanityEnv } from '@/lib/sanity/env'

function refuse(status: number, message: string): Response {
  return Response.json({ message }, { status })
}

/**
 * `POST /api/revalidate`: the publish webhook. A valid `sanity-webhook-signature` expires the
 * cache tags of what changed; anything else is refused before a single tag is touched.
 *
 * Tags are expired (`{expire: 0}`), not just marked stale, so the first reader after a publish
 * gets the new page rather than the old one; the affected pages are then rendered again in the
 * background (`after`), so that reader usually does not even wait for the render.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const secret = sanityEnv.revalidateSecret
  if (!secret) return refuse(401, 'No webhook secret configured (SANITY_REVALIDATE_SECRET)')

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

  const storiesShowingPerson =
    change._type === 'person'
      ? (
          await publishedClient.fetch(STORIES_REFERENCING_QUERY, { id: change._id }, { cache: 'no-store' })
        ).flatMap((slug) => (slug ? [slug] : []))
      : []
  const { tags, paths } = invalidationFor(change, storiesShowingPerson)
  for (const tag of tags) revalidateTag(tag, { expire: 0 })

  const origin = request.nextUrl.origin
  after(() => warm(origin, paths))
  return Response.json({ revalidated: true, tags, paths })
}

async function warm(origin: string, paths: string[]): Promise<void> {
  await Promise.all(
    paths.map((path) => fetch(new URL(path, origin), { cache: 'no-store' }).catch(() => undefined)),
  )
}
