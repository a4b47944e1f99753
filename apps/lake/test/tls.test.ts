import { X509Certificate } from 'node:crypto'
import { connect } from 'node:http2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

describe.skipIf(process.env.LAKE_TARGET_URL)('HTTPS with HTTP/2', () => {
  it('serves HTTP/2 with a certificate for localhost and *.localhost signed by the local CA', async () => {
    const local = target.local
    if (!local) throw new Error('needs a local lake')
    const cert = new X509Certificate(local.tls.cert)
    expect(cert.checkHost('localhost')).toBe('localhost')
    expect(cert.checkHost('local.localhost')).toBeTruthy()
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(cert.verify(new X509Certificate(local.tls.caCert).publicKey)).toBe(true)

    const session = connect(local.httpsUrl, { ca: local.tls.caCert })
    const { status, body, protocol } = await new Promise<{ status: number; body: string; protocol: string }>(
      (resolve, reject) => {
        const request = session.request({ ':path': '/health', origin: 'http://localhost:3333' })
        let body = ''
        let status = 0
        let cors = ''
        request.on('response', (headers) => {
          status = Number(headers[':status'])
          cors = String(headers['access-control-allow-origin'])
        })
        request.on('data', (chunk: Buffer) => {
          body += chunk.toString()
        })
        request.on('end', () =>
          resolve({ status, body: `${body}|${cors}`, protocol: String(session.alpnProtocol) }),
        )
        request.on('error', reject)
      },
    )
    session.close()
    expect(protocol).toBe('h2')
    expect(status).toBe(200)
    expect(body).toContain('"status":"ok"')
    expect(body).toContain('|http://localhost:3333')
  })
})
