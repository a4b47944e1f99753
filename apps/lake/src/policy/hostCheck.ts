/**
 * DNS rebinding defence: a page on `attacker.example` whose name is re-pointed at 127.0.0.1 is
 * "same origin" with the lake as far as the browser knows, so only the Host header (`:authority`
 * on HTTP/2) shows that the request was not meant for us. Like Vite's `server.allowedHosts`:
 * loopback names and addresses always pass, plus configured names, where a leading dot
 * (`.example.com`) allows the name and all its subdomains.
 */
export function isAllowedHost(hostHeader: string | undefined, allowedHosts: readonly string[]): boolean {
  const name = hostName(hostHeader)
  if (name === undefined) return false
  if (isLoopbackName(name)) return true
  return allowedHosts.some((allowed) => {
    const entry = allowed.toLowerCase()
    return entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry
  })
}

/** The name part of a Host value, lower-cased, without port or IPv6 brackets; undefined if malformed. */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined
  const value = hostHeader.trim().toLowerCase()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    if (end < 0) return undefined
    const rest = value.slice(end + 1)
    return rest === '' || /^:\d+$/.test(rest) ? value.slice(1, end) : undefined
  }
  const [name, port, extra] = value.split(':')
  if (extra !== undefined || (port !== undefined && !/^\d+$/.test(port)) || !name) return undefined
  return name.endsWith('.') ? name.slice(0, -1) : name
}

export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true
  return /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(name)
}
