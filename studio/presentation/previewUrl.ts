/** The site's port unless WEB_PORT says otherwise (packages/sanity's localAddresses.ts). */
const DEFAULT_WEB_PORT = '3000'

export interface SiteUrlInput {
  /** SITE_URL, which the Studio's scripts hand on as SANITY_STUDIO_SITE_URL. */
  siteUrl?: string | undefined
  /** WEB_PORT, handed on as SANITY_STUDIO_WEB_PORT. */
  webPort?: string | undefined
}

// The build writes unset-but-declared SANITY_STUDIO_* variables as '', so empty means "not set".
function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined
}

/**
 * Where Presentation loads the reader site: the address the site itself is configured with
 * (`SITE_URL`, else `http://localhost:<WEB_PORT>`), the same rule as localAddresses.ts, so a
 * moved site port or a deployed site moves the preview with it.
 */
export function resolveSiteUrl(input: SiteUrlInput): string {
  const url = nonEmpty(input.siteUrl) ?? `http://localhost:${nonEmpty(input.webPort) ?? DEFAULT_WEB_PORT}`
  return url.replace(/\/+$/, '')
}

/**
 * Reads the Studio's variables. Each `process.env.SANITY_STUDIO_*` is written out in full because
 * the Studio bundler substitutes those exact expressions; `process.env` itself is `{}` in the browser.
 */
export function siteUrlFromProcess(): string {
  return resolveSiteUrl({
    siteUrl: process.env.SANITY_STUDIO_SITE_URL,
    webPort: process.env.SANITY_STUDIO_WEB_PORT,
  })
}

/** The site route that checks a Presentation secret and turns draft mode on (apps/web). */
export const ENABLE_DRAFT_MODE_PATH = '/api/draft-mode/enable'
export const DISABLE_DRAFT_MODE_PATH = '/api/draft-mode/disable'
