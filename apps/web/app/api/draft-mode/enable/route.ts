import { createHash, timingSafeEqual } from 'node:crypto'
import { cookies, draftMode } from 'next/headers'
import { redirect } from 'next/navigation'
import type { NextRequest } from 'next/server'
import { enableFromPresentation, isPresentationLink } from '@/lib/draftMode/presentationSecret'
import { sameOriginPath } from '@/lib/redirectTarget'
import { refuse } from '@/lib/refusal'
import { sanityEnv } from '@/lib/sanity/env'
import { isReleaseId, PREVIEW_PERSPECTIVE_COOKIE } from '@/lib/sanity/previewRelease'
import { previewSecret, readToken } from '@/lib/sanity/token'

function sameSecret(given: string, expected: string): boolean {
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * `GET /api/draft-mode/enable?secret=…&redirect=/stories/…`: with the preview secret, turns on
 * draft mode (pages read the drafts perspective, uncached) and goes to the page to preview.
 * `&perspective=<release id>` previews a Content Release instead, e.g. an embargoed story before
 * its time. Without a configured secret draft mode stays off (503), whatever the caller sends.
 * The Studio's Presentation tool links with `sanity-preview-secret=…` instead: a short-lived
 * secret it stores in the dataset (lib/draftMode/presentationSecret.ts).
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (isPresentationLink(request)) return enableFromPresentation(request)
  const expected = previewSecret()
  if (expected.secret === undefined) return refuse(503, expected.problem)
  const given = request.nextUrl.searchParams.get('secret')
  if (!given || !sameSecret(given, expected.secret)) return refuse(401, 'Invalid preview secret')
  if (!sanityEnv.onLake && !readToken) {
    return refuse(503, 'Draft mode is off: set SANITY_API_READ_TOKEN to read drafts')
  }
  const release = request.nextUrl.searchParams.get('perspective')
  if (release !== null && !isReleaseId(release)) return refuse(400, 'perspective must be a release id')
  ;(await draftMode()).enable()
  const jar = await cookies()
  if (release === null) jar.delete(PREVIEW_PERSPECTIVE_COOKIE)
  else
    jar.set(PREVIEW_PERSPECTIVE_COOKIE, release, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.nextUrl.protocol === 'https:',
      path: '/',
    })
  redirect(sameOriginPath(request.nextUrl.searchParams.get('redirect'), request.nextUrl.origin))
}
