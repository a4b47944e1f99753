import 'reflect-metadata'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, createServer } from 'node:tls'
import { fileURLToPath } from 'node:url'
import * as x509 from '@peculiar/x509'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTlsMaterial, type TlsMaterial } from '../../src/tls/certificates.ts'
import { pkcs8Pem, readAuthority, serverCertificate } from '../../src/tls/issueCertificates.ts'
import { caNickname } from '../../src/tls/trustStores.ts'

const LAKE_CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
const NAME_CONSTRAINTS = '2.5.29.30'

/** Whether a client trusting only `ca` accepts `cert` (with `key`) for `servername`, as Node checks it. */
async function accepted(ca: string, cert: string, key: string, servername: string): Promise<string> {
  const server = createServer({ cert, key }, (socket) => socket.end())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  try {
    return await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, servername, ca })
      socket.once('secureConnect', () => {
        socket.destroy()
        resolve('accepted')
      })
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    })
  } finally {
    server.close()
  }
}

describe('the CA for Sanity’s names', () => {
  let dataDir: string
  let tls: TlsMaterial

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lake-exec-tls-'))
    tls = await ensureTlsMaterial(dataDir, () => {})
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('is its own, kept in the data dir with its key readable by the owner only', () => {
    expect(tls.sanity.caFile).toBe(join(dataDir, 'tls', 'sanity-ca.crt'))
    expect(tls.sanity.caCert).not.toBe(tls.caCert)
    expect(statSync(join(dataDir, 'tls', 'sanity-ca.key')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dataDir, 'tls', 'sanity-server.key')).mode & 0o777).toBe(0o600)
  })

  it('carries critical name constraints permitting Sanity’s API and CDN names and loopback only', () => {
    const ca = new x509.X509Certificate(tls.sanity.caCert)
    const extension = ca.extensions.find((candidate) => candidate.type === NAME_CONSTRAINTS)
    expect(extension?.critical).toBe(true)
    // The lake's own CA, which `npm run trust` installs, has none: it is not the one that signs Sanity's names.
    expect(
      new x509.X509Certificate(tls.caCert).extensions.some(
        (candidate) => candidate.type === NAME_CONSTRAINTS,
      ),
    ).toBe(false)
    const leaf = new x509.X509Certificate(tls.sanity.cert)
    const names = leaf
      .getExtension(x509.SubjectAlternativeNameExtension)
      ?.names.toJSON()
      .map((name) => name.value)
    expect(names).toEqual(['api.sanity.io', '*.api.sanity.io', '*.apicdn.sanity.io', 'cdn.sanity.io'])
  })

  it('signs what clients trusting it accept for Sanity’s names, and nothing they accept for any other name', async () => {
    const ca = tls.sanity.caCert
    for (const name of [
      'abc123.api.sanity.io',
      'api.sanity.io',
      'abc123.apicdn.sanity.io',
      'cdn.sanity.io',
    ]) {
      expect(await accepted(ca, tls.sanity.cert, tls.sanity.key, name), name).toBe('accepted')
    }
    // A certificate the CA's key signs for another name (as a thief of the key would): refused by the constraints.
    const authority = await readAuthority(ca, readFileSync(join(dataDir, 'tls', 'sanity-ca.key'), 'utf8'))
    for (const [name, type] of [
      ['bank.example', 'dns'],
      ['api.sanity.io.evil.example', 'dns'],
      ['www.sanity.io', 'dns'],
      ['192.0.2.7', 'ip'],
    ] as const) {
      const forged = await serverCertificate(authority, `CN=${name}`, [{ type, value: name }])
      const outcome = await accepted(
        ca,
        forged.cert.toString('pem'),
        await pkcs8Pem(forged.key),
        type === 'dns' ? name : 'x',
      )
      expect(outcome, name).not.toBe('accepted')
    }
    // The same forgery for loopback, which the constraints permit, is accepted: the refusals above are the constraints'.
    const loopback = await serverCertificate(authority, 'CN=localhost', [{ type: 'dns', value: 'localhost' }])
    expect(await accepted(ca, loopback.cert.toString('pem'), await pkcs8Pem(loopback.key), 'localhost')).toBe(
      'accepted',
    )
  })

  it('is never put in a trust store by `lake trust`', () => {
    const home = mkdtempSync(join(tmpdir(), 'lake-exec-tls-home-'))
    try {
      execFileSync(process.execPath, [LAKE_CLI, 'trust', '--browsers-only', '--data-dir', dataDir], {
        env: { ...process.env, HOME: home },
        stdio: 'pipe',
      })
      const listed = execFileSync('certutil', ['-L', '-d', `sql:${join(home, '.pki', 'nssdb')}`], {
        encoding: 'utf8',
      })
      expect(listed).toContain(caNickname(tls.caFile))
      expect(listed).not.toContain(caNickname(tls.sanity.caFile))
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })
})
