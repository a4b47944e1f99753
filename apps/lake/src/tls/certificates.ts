import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../files/atomicWrite.ts'
import type { KeyedCertificate } from './issueCertificates.ts'

/**
 * @peculiar/x509 and its ASN.1 stack are only needed to make a certificate, which a start with a
 * usable pair on disk never does: node:crypto reads and checks those.
 */
const issuing = () => import('./issueCertificates.ts')

/** The local CA: its PEM, and the signing key and certificate only when something is issued. */
interface Authority {
  pem: string
  keyed: () => Promise<KeyedCertificate>
}

export interface TlsMaterial {
  key: string
  cert: string
  caCert: string
  caFile: string
  /** base64 SHA-256 of the server key's SPKI, for Chromium's `--ignore-certificate-errors-spki-list`. */
  spkiHash: string
}

interface PairFiles {
  cert: string
  key: string
}

/** A certificate and its key as read from disk: usable, absent (a first start), or damaged. */
type Pair =
  | { state: 'ok'; cert: string; key: string; parsed: X509Certificate }
  | { state: 'absent' }
  | { state: 'damaged'; problem: string }

const RENEW_WITHIN_MS = 30 * 24 * 60 * 60 * 1000
const CERT_MODE = 0o644
const KEY_MODE = 0o600

/**
 * The lake's local CA and server certificate, made once per data dir (in pure JS, no openssl
 * binary needed) and kept so a browser that trusts the CA keeps trusting the lake. Files are
 * written atomically; one found empty, torn, unparsable or not matching its partner (a crash
 * before writes were atomic, or a hand edit) is made anew with a log line naming it, never a
 * refusal to start. The server certificate is reissued from the kept CA; a new CA is the last
 * resort, as browsers must then trust it again.
 */
export async function ensureTlsMaterial(
  dataDir: string,
  log: (line: string) => void = console.log,
): Promise<TlsMaterial> {
  const { dir, caFiles, serverFiles } = tlsFiles(dataDir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const ca = await ensureAuthority(caFiles, log)
  const server = await ensureServerCertificate(serverFiles, ca, log)
  return material(server, ca.pem, caFiles.cert)
}

/**
 * The material on disk when it serves as it is: both pairs whole and matching, the server
 * certificate signed by the CA and not about to expire. Undefined when ensureTlsMaterial would
 * issue something. Reads with node:crypto only.
 */
export function usableTlsMaterial(dataDir: string): TlsMaterial | undefined {
  const { caFiles, serverFiles } = tlsFiles(dataDir)
  const ca = readPair(caFiles)
  const server = readPair(serverFiles)
  if (ca.state !== 'ok' || server.state !== 'ok') return undefined
  if (unusableServerCertificate(serverFiles, server.parsed, ca.cert)) return undefined
  return material(server, ca.cert, caFiles.cert)
}

function tlsFiles(dataDir: string) {
  const dir = join(dataDir, 'tls')
  return {
    dir,
    caFiles: { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') },
    serverFiles: { cert: join(dir, 'server.crt'), key: join(dir, 'server.key') },
  }
}

function material(
  server: { cert: string; key: string; parsed: X509Certificate },
  caCert: string,
  caFile: string,
): TlsMaterial {
  return {
    key: server.key,
    cert: server.cert,
    caCert,
    caFile,
    spkiHash: createHash('sha256')
      .update(server.parsed.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64'),
  }
}

async function ensureAuthority(files: PairFiles, log: (line: string) => void): Promise<Authority> {
  const pair = readPair(files)
  if (pair.state === 'ok') {
    const { cert, key } = pair
    return { pem: cert, keyed: async () => (await issuing()).readAuthority(cert, key) }
  }
  if (pair.state === 'damaged') {
    log(
      `lake: ${pair.problem}; made a new local CA. Browsers that trusted the old one will refuse the lake until they trust this one: run \`npm run trust\` and restart the browser`,
    )
  }
  const { createAuthority, pkcs8Pem } = await issuing()
  const ca = await createAuthority()
  const pem = ca.cert.toString('pem')
  writePair(files, pem, await pkcs8Pem(ca.key))
  return { pem, keyed: async () => ca }
}

async function ensureServerCertificate(
  files: PairFiles,
  ca: Authority,
  log: (line: string) => void,
): Promise<{ cert: string; key: string; parsed: X509Certificate }> {
  const pair = readPair(files)
  const problem = pair.state === 'ok' ? unusableServerCertificate(files, pair.parsed, ca.pem) : undefined
  if (pair.state === 'ok' && !problem) return pair
  const reason = pair.state === 'damaged' ? pair.problem : problem
  if (reason) log(`lake: ${reason}; made a new server certificate from the local CA`)
  const { createServerCertificate, pkcs8Pem } = await issuing()
  const server = await createServerCertificate(await ca.keyed())
  const cert = server.cert.toString('pem')
  const key = await pkcs8Pem(server.key)
  writePair(files, cert, key)
  return { cert, key, parsed: new X509Certificate(cert) }
}

/** Why a well-formed server certificate still cannot serve: another CA signed it, or it is about to expire. */
function unusableServerCertificate(
  files: PairFiles,
  cert: X509Certificate,
  caPem: string,
): string | undefined {
  if (!cert.verify(new X509Certificate(caPem).publicKey)) return `${files.cert} is not signed by the local CA`
  if (Date.parse(cert.validTo) - Date.now() < RENEW_WITHIN_MS) return `${files.cert} expires within 30 days`
  return undefined
}

function readPair(files: PairFiles): Pair {
  const certPresent = existsSync(files.cert)
  const keyPresent = existsSync(files.key)
  if (!certPresent && !keyPresent) return { state: 'absent' }
  if (!certPresent) return { state: 'damaged', problem: `${files.cert} is missing` }
  if (!keyPresent) return { state: 'damaged', problem: `${files.key} is missing` }
  const cert = readFileSync(files.cert, 'utf8')
  const key = readFileSync(files.key, 'utf8')
  const parsed = parseOrUndefined(() => new X509Certificate(cert))
  if (!parsed) return { state: 'damaged', problem: `${files.cert} is empty or not a PEM certificate` }
  const privateKey = parseOrUndefined(() => createPrivateKey(key))
  if (!privateKey) return { state: 'damaged', problem: `${files.key} is empty or not a PEM private key` }
  const spki = { type: 'spki', format: 'der' } as const
  if (!createPublicKey(privateKey).export(spki).equals(parsed.publicKey.export(spki))) {
    return { state: 'damaged', problem: `${files.key} is not the key of ${files.cert}` }
  }
  return { state: 'ok', cert, key, parsed }
}

function parseOrUndefined<T>(parse: () => T): T | undefined {
  try {
    return parse()
  } catch {
    return undefined
  }
}

/**
 * Key first, then certificate, each atomically: a crash between the two leaves a pair that does
 * not match, which the next start detects and remakes.
 */
function writePair(files: PairFiles, cert: string, key: string): void {
  writeFileAtomic(files.key, key, KEY_MODE)
  writeFileAtomic(files.cert, cert, CERT_MODE)
}
