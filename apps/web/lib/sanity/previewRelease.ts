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

/**
 * The release draft mode previews, if one was asked for (`/api/draft-mode/enable?perspective=`,
 * or Presentation's perspective, which next-sanity stores as a stack: `<release>,drafts`).
 */
export async function previewedRelease(): Promise<string | undefined> {
  const value = (await cookies()).get(PREVIEW_PERSPECTIVE_COOKIE)?.value?.split(',')[0]
  return isReleaseId(value) ? value : undefined
}

/**
 * What draft mode reads: a release on top of the drafts, as the Studio stacks a release's
 * perspective, or the drafts alone.
 */
export function previewPerspective(release: string | undefined): ClientPerspective {
  return release ? [release, 'drafts'] : 'drafts'
}
