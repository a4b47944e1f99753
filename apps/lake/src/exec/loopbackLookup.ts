import dns, { type LookupAddress, type LookupOptions } from 'node:dns'

type Callback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

function loopback(options: LookupOptions): LookupAddress {
  return options.family === 6 || options.family === 'IPv6'
    ? { address: '::1', family: 6 }
    : { address: '127.0.0.1', family: 4 }
}

/**
 * Makes `dns.lookup` (callback and promise forms), which `net`, `http`, `https` and `fetch`
 * resolve names with, answer loopback for the names `matches` accepts, and leave every other
 * name to the system resolver. Names only: the ports clients call are another matter
 * (interceptConnections.ts).
 */
export function resolveToLoopback(matches: (hostname: unknown) => boolean): void {
  const systemLookup = dns.lookup
  const systemPromisesLookup = dns.promises.lookup

  // dns.lookup's overloads cannot be restated one by one; this is its one runtime shape.
  function lookup(hostname: string, options: unknown, callback?: unknown): void {
    const given = [hostname, options, callback].filter((part) => part !== undefined)
    if (!matches(hostname)) {
      Reflect.apply(systemLookup, dns, given)
      return
    }
    const done = (typeof options === 'function' ? options : callback) as Callback
    const settings: LookupOptions =
      typeof options === 'number'
        ? { family: options }
        : typeof options === 'object' && options
          ? options
          : {}
    const address = loopback(settings)
    process.nextTick(() =>
      settings.all ? done(null, [address]) : done(null, address.address, address.family),
    )
  }

  dns.lookup = lookup as typeof dns.lookup
  dns.promises.lookup = (async (hostname: string, options?: number | LookupOptions) => {
    if (!matches(hostname)) return systemPromisesLookup(hostname, options as LookupOptions)
    const settings: LookupOptions = typeof options === 'number' ? { family: options } : (options ?? {})
    const address = loopback(settings)
    return settings.all ? [address] : address
  }) as typeof dns.promises.lookup
}
