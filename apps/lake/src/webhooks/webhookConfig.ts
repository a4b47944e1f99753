import { localAddresses } from '@slideshow/sanity/localAddresses'

export type WebhookOperation = 'create' | 'update' | 'delete'

/** A GROQ-powered webhook, with the options of the hosted service's webhook settings. */
export interface WebhookConfig {
  name: string
  url: string
  dataset: string
  on: WebhookOperation[]
  /** GROQ filter; delta functions (`before()`, `after()`, `delta::*`) are available. */
  filter?: string
  /** GROQ projection, e.g. `{_id, "slug": slug.current}`; the whole document when absent. */
  projection?: string
  includeDrafts?: boolean
  headers?: Record<string, string>
  /** Signs every delivery; when absent, the data dir's random `revalidateSecret` does (startWebhooks). */
  secret?: string
  /** First retry delay; doubles per attempt. */
  retryBaseMs?: number
  maxAttempts?: number
}

/**
 * The webhook that refreshes the reader site on publish (at SITE_URL, else localhost at
 * WEB_PORT): registered unless the config file says otherwise.
 */
export function siteRevalidateWebhook(env: NodeJS.ProcessEnv): WebhookConfig {
  return {
    name: 'site-revalidate',
    url: `${localAddresses(env).siteUrl}/api/revalidate`,
    dataset: env.SANITY_DATASET ?? 'production',
    on: ['create', 'update', 'delete'],
    filter: '_type in ["article", "person"]',
    // previousSlug lets the site expire a renamed story's old URL too.
    projection:
      '{_id, _type, "slug": slug.current, "previousSlug": before().slug.current, "operation": delta::operation()}',
    includeDrafts: false,
    // Unset, the lake signs with its data dir's secret, which `next dev` reads from the same dir.
    ...(env.SANITY_REVALIDATE_SECRET ? { secret: env.SANITY_REVALIDATE_SECRET } : {}),
  }
}
