import { X509Certificate } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:http2'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { type RunningLake, startLake } from '../src/server.ts'

/**
 * Files the lake writes for itself, found torn at start (a kill mid-write before writes were
 * atomic, a full disk, a hand edit): the lake must start anyway, serve HTTPS with a certificate
 * that verifies, and say what it remade.
 */
const root = mkdtempSync(join(tmpdir(), 'lake-torn-'))
const template = join(root, 'template')
let original: { caCert: string; cert: string }

async function start(dataDir: string): Promise<{ lake: RunningLake; log: string[] }> {
  const log: string[] = []
  const config = loadConfig(
    {},
    { dataDir, port: 0, tlsPort: 0, devIdentity: false, seedDataset: null, webhooks: [] },
  )
  const lake = await startLake(config, (line) => log.push(line))
  return { lake, log }
}

/** `/health` over HTTPS + HTTP/2, trusting only the lake's CA: the handshake fails unless the certificate verifies. */
function httpsHealth(lake: RunningLake): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = connect(lake.httpsUrl, { ca: lake.tls.caCert })
    session.on('error', reject)
    const request = session.request({ ':path': '/health' })
    request.on('response', (headers) => {
      resolve(Number(headers[':status']))
      session.close()
    })
    request.on('error', reject)
    request.end()
  })
}

const truncate = (text: string) => text.slice(0, Math.floor(text.length / 2))

beforeAll(async () => {
  const { lake } = await start(template)
  original = { caCert: lake.tls.caCert, cert: lake.tls.cert }
  await lake.close()
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const cases: Array<{
  file: string
  how: string
  tear: (content: string, dataDir: string) => string
  says: RegExp
  keepsCa: boolean
}> = [
  {
    file: 'tls/server.crt',
    how: 'empty',
    tear: () => '',
    says: /server\.crt is empty.*new server certificate/,
    keepsCa: true,
  },
  {
    file: 'tls/server.crt',
    how: 'truncated',
    tear: truncate,
    says: /server\.crt is empty or not.*new server certificate/,
    keepsCa: true,
  },
  {
    file: 'tls/server.key',
    how: 'empty',
    tear: () => '',
    says: /server\.key is empty.*new server certificate/,
    keepsCa: true,
  },
  {
    file: 'tls/server.key',
    how: 'truncated',
    tear: truncate,
    says: /server\.key is empty or not.*new server certificate/,
    keepsCa: true,
  },
  {
    file: 'tls/server.key',
    how: 'another key',
    tear: (_, dataDir) => readFileSync(join(dataDir, 'tls/ca.key'), 'utf8'),
    says: /server\.key is not the key of .*server\.crt.*new server certificate/,
    keepsCa: true,
  },
  {
    file: 'tls/ca.crt',
    how: 'empty',
    tear: () => '',
    says: /ca\.crt is empty.*new local CA.*npm run trust/,
    keepsCa: false,
  },
  {
    file: 'tls/ca.crt',
    how: 'truncated',
    tear: truncate,
    says: /ca\.crt is empty or not.*new local CA/,
    keepsCa: false,
  },
  {
    file: 'tls/ca.key',
    how: 'truncated',
    tear: truncate,
    says: /ca\.key is empty or not.*new local CA.*npm run trust/,
    keepsCa: false,
  },
  { file: 'secrets.json', how: 'empty', tear: () => '', says: /secrets\.json was damaged/, keepsCa: true },
  {
    file: 'secrets.json',
    how: 'truncated',
    tear: truncate,
    says: /secrets\.json was damaged/,
    keepsCa: true,
  },
]

describe('torn files at start are remade, not fatal', () => {
  it.each(cases)('$file $how: starts, serves HTTPS, says so', async ({ file, tear, says, keepsCa }) => {
    const dataDir = mkdtempSync(join(root, 'case-'))
    cpSync(template, dataDir, { recursive: true })
    const path = join(dataDir, file)
    writeFileSync(path, tear(readFileSync(path, 'utf8'), dataDir))

    const { lake, log } = await start(dataDir)
    try {
      expect(await httpsHealth(lake)).toBe(200)
      expect(log.join('\n')).toMatch(says)
      const onDisk = readFileSync(join(dataDir, 'tls/server.crt'), 'utf8')
      expect(onDisk).toBe(lake.tls.cert)
      expect(new X509Certificate(onDisk).verify(new X509Certificate(lake.tls.caCert).publicKey)).toBe(true)
      expect(lake.tls.caCert === original.caCert).toBe(keepsCa)
      if (file.startsWith('secrets'))
        expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveProperty('identityKey')
    } finally {
      await lake.close()
    }
  })

  it('an intact data dir starts without remaking or saying anything about its files', async () => {
    const dataDir = mkdtempSync(join(root, 'intact-'))
    cpSync(template, dataDir, { recursive: true })
    const { lake, log } = await start(dataDir)
    try {
      expect(await httpsHealth(lake)).toBe(200)
      expect(lake.tls).toMatchObject(original)
      expect(log.join('\n')).not.toMatch(/damaged|made a new|missing/)
    } finally {
      await lake.close()
    }
  })
})
