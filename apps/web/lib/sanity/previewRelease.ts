import 'server-only'
import type { ClientPerspective } from '@sanity/client'
import { cookies } from 'next/headers'

/** Where draft mode keeps the release being previewed: the cookie name next-sanity's draft mode uses. */
export const PREVIEW_PERSPECTIVE_COOKIE = 'sanity-preview-perspective'

// A release id as the Content Lake names them (`r` plus letters, as the Studio makes them), never a
// built-in perspective: `published` in draft mode would be no preview, `raw` would show everything.
const RELEASE_ID = /^[a-zA-Z0-9_-]{1,64}$/
const BUILT_IN = new Set(['drafts', 'published', 'raw', 'previewDrafts'])

export function isReleaseId(value: string | null | undefined): value is string {
  return typeof value === 'string' && RELEASE_ID.test(value) && !BUILT_IN.has(value)
}

// The cookie holds a perspective stack, `<release>,drafts` when Presentation previews a release.
async function previewedStackTop(): Promise<string | undefined> {
  return (await cookies()).get(PREVIEW_PERSPECTIVE_COOKIE)?.value?.split(',')[0]
}

/**
 * The release draft mode previews, if one was asked for (`/api/draft-mode/enable?perspective=`,
 * or Presentation's perspective, which next-sanity stores as a stack: `<release>,drafts`).
 */
export async function previewedRelease(): Promise<string | undefined> {
  const top = await previewedStackTop()
  return isReleaseId(top) ? top : undefined
}

/**
 * What draft mode reads: a release on top of the drafts, as the Studio stacks a release's
 * perspective; the published content when Presentation's perspective is Published (the editor
 * checks what readers have); or the drafts.
 */
export async function previewedPerspective(): Promise<ClientPerspective> {
  const top = await previewedStackTop()
  if (top === 'published') return 'published'
  return isReleaseId(top) ? [top, 'drafts'] : 'drafts'
}
