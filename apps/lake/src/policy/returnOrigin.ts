/**
 * Where a sign-in may send its one-time code: the `origin` the Studio passed (its address and
 * path), only when that URL's origin is on the CORS allow-list, without user info, as an http(s)
 * URL with no fragment. Anything else is refused: a code sent to another site would hand it a
 * session (an open redirect). Returns the URL to redirect to, or undefined.
 */
export function returnUrl(
  value: string | null | undefined,
  allowList: ReadonlySet<string>,
): string | undefined {
  if (!value) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.username || url.password || !allowList.has(url.origin)) return undefined
  url.hash = ''
  return url.href
}
