import { SITE_URL } from './site'

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/**
 * A link target from content, or undefined when it is not an absolute http, https or mailto URL.
 * Parsing (rather than matching a prefix) normalises what browsers would ignore, such as
 * whitespace or control characters inside `java\tscript:`.
 */
export function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined
  let url: URL
  try {
    url = new URL(href.trim())
  } catch {
    return undefined
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : undefined
}

/** Links that leave the site get `rel="noopener noreferrer"`. */
export function isExternal(href: string, siteUrl: string = SITE_URL): boolean {
  const url = new URL(href)
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== new URL(siteUrl).origin
}

const PROFILE_URLS: Record<string, (handle: string) => string> = {
  instagram: (handle) => `https://www.instagram.com/${handle}/`,
  x: (handle) => `https://x.com/${handle}`,
  tiktok: (handle) => `https://www.tiktok.com/@${handle}`,
}

/** A social link's target: the URL the editor gave, else the profile URL its platform and handle imply. */
export function socialHref(social: {
  platform: string | null
  handle: string | null
  url: string | null
}): string | undefined {
  const explicit = safeHref(social.url)
  if (explicit) return explicit
  const handle = social.handle?.trim().replace(/^@/, '')
  const profile = social.platform ? PROFILE_URLS[social.platform] : undefined
  return handle && profile && /^[\w.]+$/.test(handle) ? profile(encodeURIComponent(handle)) : undefined
}
