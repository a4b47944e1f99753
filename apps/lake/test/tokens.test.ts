import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type LakeConfig, loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'
import { API_VERSION, startTarget, type Target } from './harness.ts'
import { connectPeer, until } from './presencePeer.ts'
import { LakeProcess } from './reliability/lakeProcess.ts'

let target: Target
const dataDirs: string[] = []
beforeAll(async () => {
  target = await startTarget()
})
afterAll(async () => {
  await target.close()
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
})

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lake-tokens-'))
  dataDirs.push(dir)
  return dir
}

function lakeIn(dataDir: string, overrides: Partial<LakeConfig> = {}) {
  const config = { dataDir, port: 0, tlsPort: 0, devIdentity: false, seedDataset: null, webhooks: [] }
  return startLake(loadConfig({}, { ...config, ...overrides }), () => {})
}

async function idOf(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/v${API_VERSION}/users/me`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return ((await response.json()) as { id: string }).id
}

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode

describe('token identities', () => {
  it('are keyed by the data dir: stable across restarts, different between lakes, not the bare hash', async () => {
    const token = target.writeToken
    const dataDir = freshDataDir()
    const tokens = [{ token, role: 'administrator' as const }]
    const first = await lakeIn(dataDir, { tokens })
    const inOther = await idOf(first.httpUrl, token)
    await first.close()
    const restarted = await lakeIn(dataDir, { tokens })
    const afterRestart = await idOf(restarted.httpUrl, token)
    await restarted.close()
    const inTarget = await idOf(target.url, token)

    expect(inTarget).toMatch(/^t[0-9a-f]{16}$/)
    expect(afterRestart).toBe(inOther)
    expect(inOther).not.toBe(inTarget)
    const bare = createHash('sha256').update(token).digest('hex')
    for (const id of [inTarget, inOther]) expect(bare.startsWith(id.slice(1, 13))).toBe(false)
  })
})

describe('token length', () => {
  it('refuses a short token in LAKE_TOKENS at start, naming the variable', async () => {
    expect(() => loadConfig({ LAKE_TOKENS: 'short-token:editor' })).toThrow(
      /LAKE_TOKENS: token number 1 \(editor\) has 11 characters; the lake accepts tokens of at least 32/,
    )
    const lake = new LakeProcess({
      LAKE_DATA_DIR: freshDataDir(),
      LAKE_TOKENS: `${'x'.repeat(32)}:viewer,short-token:editor:Ed`,
      LAKE_DEV_IDENTITY: '0',
    })
    await expect(lake.start()).rejects.toThrow(/lake: LAKE_TOKENS: token "Ed" has 11 characters/)
  })

  it('refuses a short token in lake.config.json at start, naming the file', async () => {
    const dataDir = freshDataDir()
    const file = join(dataDir, 'lake.config.json')
    writeFileSync(file, JSON.stringify({ tokens: [{ token: 'too-short', role: 'viewer', name: 'Reader' }] }))
    await expect(lakeIn(dataDir)).rejects.toThrow(
      `${file}: token "Reader" has 9 characters; the lake accepts tokens of at least 32`,
    )
  })

  it('ignores, and says so, a short token added to the running lake', async () => {
    const dataDir = target.local?.lake.config.dataDir
    if (!dataDir) return
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      writeFileSync(
        join(dataDir, 'lake.config.json'),
        JSON.stringify({ tokens: [{ token: 'live-short', role: 'editor', name: 'Late' }] }),
      )
      const error = await target
        .client({ token: 'live-short' })
        .fetch('1')
        .catch((caught: unknown) => caught)
      expect(statusOf(error)).toBe(401)
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/ignoring a token: .* token "Late" has 10/))
    } finally {
      logged.mockRestore()
      writeFileSync(join(dataDir, 'lake.config.json'), JSON.stringify({ tokens: [] }))
    }
  })
})

/** A listen stream opened with a session cookie, as a browser holds it; resolves when the server ends it. */
function cookieListen(
  url: string,
  token: string,
): Promise<{ opened: Promise<void>; ended: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { headers: { cookie: `sanitySession=${encodeURIComponent(token)}` } },
      (response) => {
        let text = ''
        let welcomed: () => void = () => {}
        const opened = new Promise<void>((done) => {
          welcomed = done
        })
        const ended = new Promise<number>((done) => response.once('end', () => done(Date.now())))
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString()
          if (text.includes('event: welcome')) welcomed()
        })
        resolve({ opened, ended })
      },
    )
    request.once('error', reject)
  })
}

describe('revocation', () => {
  it('ends the listen, live and presence streams a file token holds within a second or two', async () => {
    const dataDir = target.local?.lake.config.dataDir
    if (!dataDir) return
    const file = join(dataDir, 'lake.config.json')
    const token = 'tokens-test-revoked-editor-token-0123456789'
    writeFileSync(file, JSON.stringify({ tokens: [{ token, role: 'editor', name: 'Soon revoked' }] }))
    const client = target.client({ token })
    const ended: Record<string, number> = {}
    let welcomes = 0
    const onEvent = (event: { type: string }) => {
      if (event.type === 'welcome') welcomes++
    }
    client
      .listen('*[_type == "revocationProbe"]', {}, { events: ['welcome', 'mutation'] })
      .subscribe({ next: onEvent, error: () => (ended.listen = Date.now()) })
    client.live
      .events({ includeDrafts: true })
      .subscribe({ next: onEvent, error: () => (ended.live = Date.now()) })
    const cookie = await cookieListen(
      `${target.url}/v${API_VERSION}/data/listen/${target.dataset}?query=*`,
      token,
    )
    void cookie.ended.then((at) => (ended.cookieListen = at))
    const peer = await connectPeer(target.url)
    expect(await peer.call('authorization', { authorization: `Bearer ${token}` })).toBe(true)
    let closeCode = 0
    peer.socket.once('close', (code) => {
      closeCode = code
      ended.presence = Date.now()
    })
    await cookie.opened
    await until(() => welcomes >= 2)

    const revokedAt = Date.now()
    writeFileSync(file, JSON.stringify({ tokens: [] }))
    await until(() => Object.keys(ended).length === 4, 3000)

    for (const [stream, at] of Object.entries(ended))
      expect([stream, at - revokedAt < 2000]).toEqual([stream, true])
    expect(closeCode).toBe(1008)
    const refused = await client.fetch('1').catch((caught: unknown) => caught)
    expect(statusOf(refused)).toBe(401)
  })
})
