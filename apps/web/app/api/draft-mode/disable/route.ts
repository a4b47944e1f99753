import { cookies, draftMode } from 'next/headers'
import { redirect } from 'next/navigation'
import type { NextRequest } from 'next/server'
import { sameOriginPath } from '@/lib/redirectTarget'
import { PREVIEW_PERSPECTIVE_COOKIE } from '@/lib/sanity/previewRelease'

/** `GET /api/draft-mode/disable`: leaves preview (a release's too) and returns to the page, now as readers see it. */
export async function GET(request: NextRequest): Promise<Response> {
  ;(await draftMode()).disable()
  ;(await cookies()).delete(PREVIEW_PERSPECTIVE_COOKIE)
  redirect(sameOriginPath(request.nextUrl.searchParams.get('redirect'), request.nextUrl.origin))
}
