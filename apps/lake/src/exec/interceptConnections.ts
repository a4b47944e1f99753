import net from 'node:net'
import tls from 'node:tls'
import { resolveToLoopback } from './loopbackLookup.ts'
import { isInterceptedName } from './sanityHosts.ts'

export interface LakePorts {
  /** Where TLS connections to Sanity's names go (clients call port 443). */
  tlsPort: number
  /** Where plain connections to them go (port 80). */
  httpPort: number
  /** The loopback address the lake listens on. */
  host: string
}

/** What the options of a connect call are here: only the host and port are read. */
type ConnectOptions = { host?: unknown; port?: unknown; [option: string]: unknown }

/**
 * Sends this process's connections to Sanity's API and CDN names to the lake. Clients call those
 * names on port 443, which an unprivileged lake cannot listen on, so resolving the names to
 * loopback is not enough: the port has to change too, for exactly those names.
 *
 * The one place every TCP client in Node.js passes through is `net.Socket.prototype.connect`:
 * `net.connect`, `tls.connect`, the `http`/`https` agents, `http2.connect` and the undici behind
 * the global `fetch` all end there, with the name still in hand. So that is where the address
 * is rewritten: name → the lake's loopback address, 443 → its TLS port, 80 → its HTTP port.
 * TLS still sends and checks the original name (SNI and the certificate check use the options
 * `tls.connect` was given, not the rewritten copy), and HTTP clients still send it as Host, so
 * the lake knows which service and project was meant. Every other name and port is untouched.
 * `dns.lookup` answers loopback for the names too, for code that resolves them itself.
 */
export function installInterception(ports: LakePorts): void {
  resolveToLoopback(isInterceptedName)
  const connect = net.Socket.prototype.connect
  // net.Socket#connect's overloads cannot be restated one by one; this is its one runtime shape.
  net.Socket.prototype.connect = function interceptedConnect(this: net.Socket, ...args: unknown[]) {
    const secure = this instanceof tls.TLSSocket
    const [first] = args
    if (Array.isArray(first)) {
      // net.connect() passes its arguments normalised, as an array with a private marker: keep the array.
      first[0] = redirected(first[0], secure, ports)
    } else if (typeof first === 'object' && first !== null) {
      args[0] = redirected(first, secure, ports)
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      const target = redirected({ port: first, host: args[1] as string | undefined }, secure, ports)
      if (target.host !== args[1]) {
        args[0] = target.port
        args[1] = target.host
      }
    }
    return Reflect.apply(connect, this, args) as net.Socket
  } as typeof connect
}

function redirected(value: unknown, secure: boolean, ports: LakePorts): ConnectOptions {
  const options = value as ConnectOptions
  if (!isInterceptedName(options.host)) return options
  const port =
    options.port === undefined || options.port === '' || options.port === null
      ? undefined
      : Number(options.port)
  const target =
    port === 443 || (port === undefined && secure) ? ports.tlsPort : port === 80 ? ports.httpPort : port
  if (target === undefined) return options
  return { ...options, host: ports.host, port: target }
}
