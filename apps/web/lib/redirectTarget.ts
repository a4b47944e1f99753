/** Where a redirect goes when the one asked for is not a path on this site. */
export const HOME_PATH = '/'

// Browsers drop tabs and newlines inside URLs and read `\` as `/`, so `/\t/evil.example` and
// `/\evil.example` both mean `//evil.example` to them; a CR or LF in a Location header is also
// what made Next.js answer 500. Such a value is refused whole rather than cleaned up.
function hasUnsafeCharacter(value: string): boolean {
  for (const character of value) {
    const code = character.charCodeAt(0)
    if (code < 0x20 || code === 0x7f || character === '\\') return true
  }
  return false
}

/**
 * A redirect target on this site only: `value` resolved against `origin` must stay on that
 * origin (which also rules out `javascript:`, `data:` and other schemes). It comes back as its
 * path, query and hash, so the Location header holds a path whatever host name the request used.
 * Anything else gives HOME_PATH.
 */
export function sameOriginPath(value: string | null | undefined, origin: string): string {
  if (!value || hasUnsafeCharacter(value)) return HOME_PATH
  let url: URL
  try {
    url = new URL(value, origin)
  } catch {
    return HOME_PATH
  }
  if (url.origin !== new URL(origin).origin) return HOME_PATH
  // `/.//evil.example` resolves on this origin to the path `//evil.example`, which as a Location
  // is a protocol-relative URL to another host.
  if (url.pathname.startsWith('//')) return HOME_PATH
  return `${url.pathname}${url.search}${url.hash}`
}
