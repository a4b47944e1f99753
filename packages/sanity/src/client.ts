import type { ClientConfig } from '@sanity/client'
import type { SanityEnv } from './env.ts'

/**
 * Options for `createClient` (from `@sanity/client` or `next-sanity`) reading published content.
 * The CDN is off: pages are cached by the site and refreshed by webhook, and the CDN could hand a
 * just-revalidated page the content from before the publish.
 */
export function publishedClientConfig(env: SanityEnv): ClientConfig {
  return {
    projectId: env.projectId,
    dataset: env.dataset,
    apiVersion: env.apiVersion,
    apiHost: env.apiHost,
    useProjectHostname: env.useProjectHostname,
    useCdn: false,
    perspective: 'published',
    // A handful of quick retries: a build or a background refresh should fail fast when the
    // content source is down, so the reader keeps the stale page instead of waiting.
    maxRetries: 2,
    retryDelay: (attempt) => 100 * 2 ** attempt,
  }
}

/** The same client reading the `drafts` perspective with a server-only token (draft mode only). */
export function draftsClientConfig(env: SanityEnv, readToken: string | undefined): ClientConfig {
  return {
    ...publishedClientConfig(env),
    perspective: 'drafts',
    ...(readToken ? { token: readToken } : {}),
  }
}
