import 'server-only'
import type { ClientReturn, QueryParams } from '@sanity/client'
import { draftMode } from 'next/headers'
import { previewTags } from '@/lib/draftMode/previewTags'
import { draftsClient, publishedClient } from './client'
import { previewedPerspective, previewedRelease } from './previewRelease'

/**
 * Seconds before a cached page is refreshed even without a webhook: the safety net for a missed
 * delivery. Route segments repeat the literal because Next.js reads their `revalidate` statically.
 */
export const REVALIDATE_SECONDS = 3600

interface FetchOptions<Q extends string> {
  query: Q
  params?: QueryParams
  /** What the result shows, so the revalidation webhook can expire it (see lib/revalidation/tags.ts). */
  tags: string[]
}

/** Published content through Next's data cache, tagged for on-demand revalidation. */
export function fetchPublished<const Q extends string>({
  query,
  params = {},
  tags,
}: FetchOptions<Q>): Promise<ClientReturn<Q, unknown>> {
  return publishedClient.fetch(query, params, { next: { revalidate: REVALIDATE_SECONDS, tags } })
}

/**
 * How pages read content. In draft mode the same query runs against the drafts perspective (or a
 * release's, or the published one, as Presentation asks) with the read token and is never
 * cached, so drafts and embargoed releases cannot reach anything the public is served. Its sync
 * tags are kept for the page's live refresh (components/PreviewTags.tsx).
 */
export async function sanityFetch<const Q extends string>(
  options: FetchOptions<Q>,
): Promise<ClientReturn<Q, unknown>> {
  if ((await draftMode()).isEnabled) {
    const perspective = await previewedPerspective()
    const { result, syncTags } = await draftsClient.fetch(options.query, options.params ?? {}, {
      cache: 'no-store',
      perspective,
      filterResponse: false,
    })
    for (const tag of syncTags ?? []) previewTags().add(tag)
    return result
  }
  return fetchPublished(options)
}

/** In draft mode, the release being previewed and its title, for the preview bar. */
export async function previewedReleaseTitle(): Promise<{ id: string; title: string } | undefined> {
  const id = (await draftMode()).isEnabled ? await previewedRelease() : undefined
  if (!id) return undefined
  const title = await draftsClient.fetch<string | null>(
    '*[_id == $id][0].metadata.title',
    { id: `_.releases.${id}` },
    { cache: 'no-store', perspective: 'raw' },
  )
  return { id, title: title || id }
}

/**
 * For a page about one document: when the content source cannot be reached at all (no HTTP
 * answer), a page that was never generated answers 404 instead of 500. Published documents get
 * their pages rendered at build or when the publish webhook re-warms them, so a page missing
 * from the cache while the source is down is, in practice, an unknown slug. Pages already
 * generated never get here: the cache serves them. API errors (with a status) still fail loudly.
 */
export async function missingWhenUnreachable<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load
  } catch (error) {
    if (typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error
    return null
  }
}
