import type { IncomingHttpHeaders } from 'node:http'

/**
 * What a request's browser provenance allows:
 * - `none`: no Origin and not marked cross-site: a server-side client, the CLI, or the user
 *   typing a URL. Identity is decided by token or loopback as usual.
 * - `allowed`: an Origin on the allow-list: CORS headers are echoed for it.
 * - `foreign`: an Origin not on the list. Browsers send Origin on every cross-origin POST,
 *   `no-cors` and form posts included, so refusing these stops writes the CORS headers alone
 *   would not (a `text/plain` POST needs no preflight).
 * - `crossSite`: no Origin, but `Sec-Fetch-Site` says another site made the browser send it (an
 *   `<img>`, a link, a navigation): it may carry cookies, so it never gets a session or the dev
 *   identity.
 * - `sameOrigin`: the lake's own page posting to itself (the sign-in form); only routes that
 *   serve such pages accept it (see `requestPolicy.ts`).
 */
export type OriginVerdict = 'none' | 'allowed' | 'foreign' | 'crossSite' | 'sameOrigin'

export function originVerdict(headers: IncomingHttpHeaders, allowList: ReadonlySet<string>): OriginVerdict {
  const origin = headers.origin
  if (origin !== undefined) return allowList.has(normalizeOrigin(origin) ?? '') ? 'allowed' : 'foreign'
  const site = headers['sec-fetch-site']
  return site === 'cross-site' || site === 'same-site' ? 'crossSite' : 'none'
}

/** `scheme://host[:port]` as browsers serialise it, or undefined (`null`, garbage). */
export function normalizeOrigin(value: string): string | undefined {
  if (value === 'null') return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined
  } catch {
    return undefined
  }
}

/**
 * Whether the Origin is the very origin the request was sent to: the lake's own page. Compared
 * by host and port only, because behind a TLS proxy the lake sees plain HTTP while the page was
 * https; the Host itself has already passed the host check.
 */
export function isOwnOrigin(headers: IncomingHttpHeaders, host: string | undefined): boolean {
  const origin = headers.origin === undefined ? undefined : normalizeOrigin(headers.origin)
  if (!origin || !host) return false
  return new URL(origin).host === host.trim().toLowerCase() && headers['sec-fetch-site'] !== 'cross-site'
}
