import { draftMode } from 'next/headers'
import { redirect } from 'next/navigation'
import type { NextRequest } from 'next/server'
import { sameOriginPath } from '@/lib/redirectTarget'

/** `GET /api/draft-mode/disable`: leaves preview and returns to the page, now as readers see it. */
export async function GET(request: NextRequest): Promise<Response> {
  ;(await draftMode()).disable()
  redirect(sameOriginPath(request.nextUrl.searchParams.get('redirect'), request.nextUrl.origin))
}
