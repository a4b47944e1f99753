import { createHash, timingSafeEqual } from 'node:crypto'
import { draftMode } from 'next/headers'
import { redirect } from 'next/navigation'
import type { NextRequest } from 'next/server'
import { localPath } from '@/lib/links'
import { sanityEnv } from '@/lib/sanity/env'

function sameSecret(given: string, expected: string): boolean {
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * `GET /api/draft-mode/enable?secret=…&redirect=/stories/…`: with the preview secret, turns on
 * draft mode (pages read the drafts perspective, uncached) and goes to the page to preview.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const expected = sanityEnv.previewSecret
  const given = request.nextUrl.searchParams.get('secret')
  if (!expected || !given || !sameSecret(given, expected)) {
    return new Response('Invalid preview secret', { status: 401 })
  }
  if (!sanityEnv.onLake && !sanityEnv.readToken) {
    return new Response('Draft mode needs SANITY_API_READ_TOKEN to read drafts', { status: 500 })
  }
  ;(await draftMode()).enable()
  redirect(localPath(request.nextUrl.searchParams.get('redirect')))
}
