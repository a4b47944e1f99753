/**
 * Hostnames of Sanity's hosted services (API, CDNs, static assets, status), production and
 * staging. The Studio calls some of them no matter where its content lives; on the lake it must not.
 */
export const SANITY_HOSTNAME = /(?:^|\.)(?:sanity\.io|sanity\.work|sanity-cdn\.com|sanity-cdn\.work)$/i

/** An absolute http(s) URL on one of those hosts, as it appears in HTML or CSS. */
const SANITY_URL =
  /https?:\/\/(?:[a-z0-9-]+\.)*(?:sanity\.io|sanity\.work|sanity-cdn\.com|sanity-cdn\.work)\b/i

export function mentionsSanityUrl(text: string): boolean {
  return SANITY_URL.test(text)
}
