// @peculiar/x509's dependency injection needs the Reflect metadata API loaded first.
import 'reflect-metadata'
import { createHash, X509Certificate as NodeX509, webcrypto } from 'node:crypto'

type CryptoKey = webcrypto.CryptoKey
type CryptoKeyPair = webcrypto.CryptoKeyPair

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as x509 from '@peculiar/x509'

export interface TlsMaterial {
  key: string
  cert: string
  caCert: string
  caFile: string
  /** base64 SHA-256 of the server key's SPKI, for Chromium's `--ignore-certificate-errors-spki-list`. */
  spkiHash: string
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
const DAY = 24 * 60 * 60 * 1000
// Browsers refuse server certificates valid for longer than 398 days.
const SERVER_DAYS = 390
const HOSTS = ['localhost', '*.localhost', 'local.localhost']
const ADDRESSES = ['127.0.0.1', '::1']

// Node's WebCrypto is the standard one; only the DOM and Node type declarations differ.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key)
  return x509.PemConverter.encode(der, 'PRIVATE KEY')
}

async function importPkcs8(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0]
  if (!der) throw new Error('Empty private key PEM')
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']) as Promise<CryptoKey>
}

async function createAuthority(): Promise<{ cert: x509.X509Certificate; key: CryptoKey }> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair
  const now = Date.now()
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=Slideshow Stories local lake CA, O=Slideshow Stories (development)',
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  return { cert, key: keys.privateKey }
}

async function createServerCertificate(ca: { cert: x509.X509Certificate; key: CryptoKey }) {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair
  const now = Date.now()
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=localhost',
    issuer: ca.cert.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + SERVER_DAYS * DAY),
    signingKey: ca.key,
    publicKey: keys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...HOSTS.map((value) => ({ type: 'dns' as const, value })),
        ...ADDRESSES.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  })
  return { cert, key: keys.privateKey }
}

function randomSerial(): string {
  // A positive serial: clear the top bit of the first byte.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16))
  bytes[0] = (bytes[0] ?? 0) & 0x7f
  return Buffer.from(bytes).toString('hex')
}

function spkiHashOf(certPem: string): string {
  const spki = new NodeX509(certPem).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(spki).digest('base64')
}

function stillValid(certPem: string): boolean {
  const validTo = Date.parse(new NodeX509(certPem).validTo)
  return validTo - Date.now() > 30 * DAY
}

/**
 * The lake's local CA and server certificate, made once per data dir (in pure JS, no openssl
 * binary needed) and kept so a browser that trusts the CA keeps trusting the lake. The server
 * certificate is renewed when it nears expiry; the CA is kept.
 */
export async function ensureTlsMaterial(dataDir: string): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const files = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    cert: join(dir, 'server.crt'),
    key: join(dir, 'server.key'),
  }
  let ca: { cert: x509.X509Certificate; key: CryptoKey }
  if (existsSync(files.caCert) && existsSync(files.caKey)) {
    ca = {
      cert: new x509.X509Certificate(readFileSync(files.caCert, 'utf8')),
      key: await importPkcs8(readFileSync(files.caKey, 'utf8')),
    }
  } else {
    ca = await createAuthority()
    writeFileSync(files.caKey, await pkcs8Pem(ca.key), { mode: 0o600 })
    writeFileSync(files.caCert, ca.cert.toString('pem'))
  }
  if (!existsSync(files.cert) || !existsSync(files.key) || !stillValid(readFileSync(files.cert, 'utf8'))) {
    const server = await createServerCertificate(ca)
    writeFileSync(files.key, await pkcs8Pem(server.key), { mode: 0o600 })
    writeFileSync(files.cert, server.cert.toString('pem'))
  }
  const cert = readFileSync(files.cert, 'utf8')
  return {
    key: readFileSync(files.key, 'utf8'),
    cert,
    caCert: readFileSync(files.caCert, 'utf8'),
    caFile: files.caCert,
    spkiHash: spkiHashOf(cert),
  }
}
