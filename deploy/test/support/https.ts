import { createHash, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect as http2Connect } from 'node:http2'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { gunzipSync, zstdDecompressSync } from 'node:zlib'

/** Caddy's own CA (`tls internal`) under its data dir: the root, and the intermediate it signs with. */
export function caddyCa(caddyDataDir: string): { root: string; intermediate: string } {
  const dir = join(caddyDataDir, 'pki', 'authorities', 'local')
  return {
    root: readFileSync(join(dir, 'root.crt'), 'utf8'),
    intermediate: readFileSync(join(dir, 'intermediate.crt'), 'utf8'),
  }
}

/** base64 SHA-256 of a certificate's public key, as Chromium's `--ignore-certificate-errors-spki-list` takes it. */
export function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(spki).digest('base64')
}

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** Decompressed as its Content-Encoding says. */
  body: string
  /** What TLS negotiated: `h2` for HTTP/2. */
  protocol: string | false
}

/**
 * One request over HTTP/2 to 127.0.0.1:`port`, as a browser that resolved `host` there would
 * send it: TLS for `servername` (default `host`), checked against `ca` only, ALPN h2.
 */
export function h2Get(
  options: { port: number; host: string; path: string; ca: string; servername?: string },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const { port, host, path, ca } = options
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      servername: options.servername ?? host,
      ca,
      ALPNProtocols: ['h2'],
    })
    const session = http2Connect(`https://${host}:${port}`, { createConnection: () => socket })
    session.once('error', reject)
    const stream = session.request({ ':path': path, ':authority': `${host}:${port}`, ...headers })
    const chunks: Buffer[] = []
    let responseHeaders: Answer['headers'] = {}
    stream.once('response', (received) => {
      responseHeaders = received
    })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.once('error', reject)
    stream.once('end', () => {
      const raw = Buffer.concat(chunks)
      const encoding = responseHeaders['content-encoding']
      const body = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'zstd' ? zstdDecompressSync(raw) : raw
      resolve({
        status: Number(responseHeaders[':status']),
        headers: responseHeaders,
        body: body.toString('utf8'),
        protocol: socket.alpnProtocol ?? false,
      })
      session.close()
    })
    stream.end()
  })
}

/** A plain HTTP/1.1 request to 127.0.0.1:`port` with the Host a client names (fetch will not send another). */
export function httpGet(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume()
      res.once('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }))
    })
    req.once('error', reject)
    req.end()
  })
}
