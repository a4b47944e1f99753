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

/** A CA: its PEM, and the signing key and certificate only when something is issued. */
interface Authority {
  pem: string
  keyed: () => Promise<KeyedCertificate>
}

/** A server certificate and key, with the CA that signed it. */
export interface ServedChain {
  key: string
  cert: string
  caCert: string
  caFile: string
  /** base64 SHA-256 of the server key's SPKI, for Chromium's `--ignore-certificate-errors-spki-list`. */
  spkiHash: string
}

/**
 * The lake's two chains: its own (localhost, `*.localhost`, loopback; the CA `npm run trust`
 * installs) and, under `sanity`, the one for Sanity's API and CDN names, from a separate,
 * name-constrained CA that only `lake exec` and `lake browser` trust.
 */
export interface TlsMaterial extends ServedChain {
  sanity: ServedChain
}

/** How one chain is made: where its files are, and how its CA and server certificate are issued. */
interface Chain {
  caFiles: PairFiles
  serverFiles: PairFiles
  /** What its CA is called, and what making it anew means, in the log line that says so. */
  caName: string
  newCaConsequence: string
  createAuthority(): Promise<KeyedCertificate>
  createServer(ca: KeyedCertificate): Promise<KeyedCertificate>
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
  const { dir, local, sanity } = chains(dataDir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  return { ...(await ensureChain(local, log)), sanity: await ensureChain(sanity, log) }
}

async function ensureChain(chain: Chain, log: (line: string) => void): Promise<ServedChain> {
  const ca = await ensureAuthority(chain, log)
  const server = await ensureServerCertificate(chain, ca, log)
  return material(server, ca.pem, chain.caFiles.cert)
}

/**
 * The material on disk when it serves as it is: both pairs whole and matching, the server
 * certificate signed by the CA and not about to expire. Undefined when ensureTlsMaterial would
 * issue something. Reads with node:crypto only.
 */
export function usableTlsMaterial(dataDir: string): TlsMaterial | undefined {
  const { local, sanity } = chains(dataDir)
  const own = usableChain(local)
  const forSanity = usableChain(sanity)
  return own && forSanity ? { ...own, sanity: forSanity } : undefined
}

function usableChain({ caFiles, serverFiles }: Chain): ServedChain | undefined {
  const ca = readPair(caFiles)
  const server = readPair(serverFiles)
  if (ca.state !== 'ok' || server.state !== 'ok') return undefined
  if (unusableServerCertificate(serverFiles, server.parsed, ca.cert)) return undefined
  return material(server, ca.cert, caFiles.cert)
}

function chains(dataDir: string) {
  const dir = join(dataDir, 'tls')
  const pair = (name: string) => ({ cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) })
  const local: Chain = {
    caFiles: pair('ca'),
    serverFiles: pair('server'),
    caName: 'local CA',
    newCaConsequence:
      'Browsers that trusted the old one will refuse the lake until they trust this one: run `npm run trust` and restart the browser',
    createAuthority: async () => (await issuing()).createAuthority(),
    createServer: async (ca) => (await issuing()).createServerCertificate(ca),
  }
  const sanity: Chain = {
    caFiles: pair('sanity-ca'),
    serverFiles: pair('sanity-server'),
    caName: "CA for Sanity's names",
    newCaConsequence:
      'commands already running under `lake exec` and browsers `lake browser` opened must be started again',
    createAuthority: async () => (await issuing()).createSanityAuthority(),
    createServer: async (ca) => (await issuing()).createSanityServerCertificate(ca),
  }
  return { dir, local, sanity }
}

function material(
  server: { cert: string; key: string; parsed: X509Certificate },
  caCert: string,
  caFile: string,
): ServedChain {
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

async function ensureAuthority(chain: Chain, log: (line: string) => void): Promise<Authority> {
  const files = chain.caFiles
  const pair = readPair(files)
  if (pair.state === 'ok') {
    const { cert, key } = pair
    return { pem: cert, keyed: async () => (await issuing()).readAuthority(cert, key) }
  }
  if (pair.state === 'damaged')
    log(`lake: ${pair.problem}; made a new ${chain.caName}. ${chain.newCaConsequence}`)
  const ca = await chain.createAuthority()
  const pem = ca.cert.toString('pem')
  writePair(files, pem, await (await issuing()).pkcs8Pem(ca.key))
  return { pem, keyed: async () => ca }
}

async function ensureServerCertificate(
  chain: Chain,
  ca: Authority,
  log: (line: string) => void,
): Promise<{ cert: string; key: string; parsed: X509Certificate }> {
  const files = chain.serverFiles
  const pair = readPair(files)
  const problem = pair.state === 'ok' ? unusableServerCertificate(files, pair.parsed, ca.pem) : undefined
  if (pair.state === 'ok' && !problem) return pair
  const reason = pair.state === 'damaged' ? pair.problem : problem
  if (reason) log(`lake: ${reason}; made a new server certificate from its CA`)
  const server = await chain.createServer(await ca.keyed())
  const cert = server.cert.toString('pem')
  const key = await (await issuing()).pkcs8Pem(server.key)
  writePair(files, cert, key)
  return { cert, key, parsed: new X509Certificate(cert) }
}

/** Why a well-formed server certificate still cannot serve: another CA signed it, or it is about to expire. */
function unusableServerCertificate(
  files: PairFiles,
  cert: X509Certificate,
  caPem: string,
): string | undefined {
  if (!cert.verify(new X509Certificate(caPem).publicKey)) return `${files.cert} is not signed by its CA`
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
