// @peculiar/x509's dependency injection needs the Reflect metadata API loaded first.
import 'reflect-metadata'
import { webcrypto } from 'node:crypto'
import { AsnConvert } from '@peculiar/asn1-schema'
import {
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  id_ce_nameConstraints,
  NameConstraints,
} from '@peculiar/asn1-x509'
import * as x509 from '@peculiar/x509'
import { CERTIFICATE_NAMES, PERMITTED_ADDRESSES, PERMITTED_DNS_NAMES } from '../exec/sanityHosts.ts'

type CryptoKey = webcrypto.CryptoKey
type CryptoKeyPair = webcrypto.CryptoKeyPair

/** A certificate with the private key that signs with it. */
export interface KeyedCertificate {
  cert: x509.X509Certificate
  key: CryptoKey
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
const DAY = 24 * 60 * 60 * 1000
// Browsers refuse server certificates valid for longer than 398 days.
const SERVER_DAYS = 390
const HOSTS = ['localhost', '*.localhost', 'local.localhost']
const ADDRESSES = ['127.0.0.1', '::1']

// Node's WebCrypto is the standard one; only the DOM and Node type declarations differ.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

export async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key)
  return x509.PemConverter.encode(der, 'PRIVATE KEY')
}

/** The CA as kept on disk; the caller has checked that both PEMs parse and belong together. */
export async function readAuthority(certPem: string, keyPem: string): Promise<KeyedCertificate> {
  const der = x509.PemConverter.decode(keyPem)[0]
  if (!der) throw new Error('Empty private key PEM')
  const key = (await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign'])) as CryptoKey
  return { cert: new x509.X509Certificate(certPem), key }
}

/** The CA for `localhost`, `*.localhost` and loopback, which `npm run trust` puts in browsers' stores. */
export function createAuthority(): Promise<KeyedCertificate> {
  return selfSignedAuthority('CN=Slideshow Stories local lake CA, O=Slideshow Stories (development)', [])
}

/**
 * The CA for Sanity's names under `lake exec` and `lake browser`: a separate one, never put in a
 * trust store, whose name constraints (critical, as RFC 5280 asks) permit only those names and
 * loopback, so even a stolen key signs nothing a client that trusts it would accept elsewhere.
 */
export async function createSanityAuthority(): Promise<KeyedCertificate> {
  const permitted = [
    ...PERMITTED_DNS_NAMES.map((name) => new GeneralName({ dNSName: name })),
    ...PERMITTED_ADDRESSES.map((cidr) => new GeneralName({ iPAddress: cidr })),
  ]
  const constraints = new NameConstraints({
    permittedSubtrees: new GeneralSubtrees(permitted.map((base) => new GeneralSubtree({ base }))),
  })
  const extension = new x509.Extension(id_ce_nameConstraints, true, AsnConvert.serialize(constraints))
  return selfSignedAuthority(
    'CN=Slideshow Stories lake CA for Sanity names (lake exec only), O=Slideshow Stories (development)',
    [extension],
  )
}

async function selfSignedAuthority(name: string, extra: x509.Extension[]): Promise<KeyedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair
  const now = Date.now()
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...extra,
    ],
  })
  return { cert, key: keys.privateKey }
}

/** The lake's certificate for `localhost`, `*.localhost` and loopback. */
export function createServerCertificate(ca: KeyedCertificate): Promise<KeyedCertificate> {
  return serverCertificate(ca, 'CN=localhost', [
    ...HOSTS.map((value) => ({ type: 'dns' as const, value })),
    ...ADDRESSES.map((value) => ({ type: 'ip' as const, value })),
  ])
}

/** The lake's certificate for Sanity's API and CDN names, from the Sanity-names CA. */
export function createSanityServerCertificate(ca: KeyedCertificate): Promise<KeyedCertificate> {
  return serverCertificate(
    ca,
    'CN=api.sanity.io (local lake)',
    CERTIFICATE_NAMES.map((value) => ({ type: 'dns' as const, value })),
  )
}

/** Any name the issuing CA may sign; the caller picks them. Tests use it to check the constraints hold. */
export async function serverCertificate(
  ca: KeyedCertificate,
  subject: string,
  names: Array<{ type: 'dns' | 'ip'; value: string }>,
): Promise<KeyedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair
  const now = Date.now()
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
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
      new x509.SubjectAlternativeNameExtension(names),
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
