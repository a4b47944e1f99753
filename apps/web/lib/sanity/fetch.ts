import 'server-only'
import type { ClientReturn, QueryParams } from '@sanity/client'
import { draftMode } from 'next/headers'
import { draftsClient, publishedClient } from './client'

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
 * How pages read content. In draft mode the same query runs against the drafts perspective with
 * the read token and is never cached, so drafts cannot reach anything the public is served.
 */
export async function sanityFetch<const Q extends string>(
  options: FetchOptions<Q>,
): Promise<ClientReturn<Q, unknown>> {
  if ((await draftMode()).isEnabled) {
    return draftsClient.fetch(options.query, options.params ?? {}, { cache: 'no-store' })
  }
  return fetchPublished(options)
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
