import { localAddresses } from '@slideshow/sanity/localAddresses'
import { REVALIDATE_WEBHOOK_FILTER, REVALIDATE_WEBHOOK_PROJECTION } from '@slideshow/sanity/revalidateWebhook'

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
 * The webhook that refreshes the reader site on publish: registered unless the config file says
 * otherwise. It goes to `LAKE_REVALIDATE_URL` when set (on one server, the cache tier's local
 * address, rather than out and back in through the public name), else to SITE_URL's
 * `/api/revalidate` (localhost at WEB_PORT by default).
 */
export function siteRevalidateWebhook(env: NodeJS.ProcessEnv): WebhookConfig {
  return {
    name: 'site-revalidate',
    url: env.LAKE_REVALIDATE_URL?.trim() || `${localAddresses(env).siteUrl}/api/revalidate`,
    dataset: env.SANITY_DATASET ?? 'production',
    on: ['create', 'update', 'delete'],
    filter: REVALIDATE_WEBHOOK_FILTER,
    // What the document showed before and after, so the site re-renders only the pages that show the change.
    projection: REVALIDATE_WEBHOOK_PROJECTION,
    includeDrafts: false,
    // Unset, the lake signs with its data dir's secret, which `next dev` reads from the same dir.
    ...(env.SANITY_REVALIDATE_SECRET ? { secret: env.SANITY_REVALIDATE_SECRET } : {}),
  }
}
