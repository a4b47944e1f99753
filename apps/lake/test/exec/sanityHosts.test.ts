import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { sanityHost } from '../../src/exec/sanityHosts.ts'
import { checkSanityHost } from '../../src/policy/sanityHostCheck.ts'
import { type RunningLake, startLake } from '../../src/server.ts'

const PHOTO = readFileSync(new URL('../fixtures/sanity-app/data/photos/photo.jpg', import.meta.url))
const STUDIO = 'http://localhost:3333'
const TOKEN = 'exec-hosts-admin-token-0123456789abcdef'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  json: () => unknown
}

/** A request to the lake's HTTP port as a client on `from` addressing `host`: what `lake exec`'s connections look like. */
function call(
  port: number,
  host: string,
  path: string,
  options: {
    method?: string
    headers?: Record<string, string>
    body?: Buffer | string
    from?: string
    to?: string
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.to ?? '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host, ...options.headers },
        ...(options.from ? { localAddress: options.from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString()),
          })
        })
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('which names are Sanity services', () => {
  it.each([
    ['abc123.api.sanity.io', { kind: 'projectApi', projectId: 'abc123' }],
    ['ABC123.API.SANITY.IO.', { kind: 'projectApi', projectId: 'abc123' }],
    ['abc123.apicdn.sanity.io', { kind: 'projectApiCdn', projectId: 'abc123' }],
    ['api.sanity.io', { kind: 'globalApi' }],
    ['cdn.sanity.io', { kind: 'assetCdn' }],
    ['core.sanity-cdn.com', { kind: 'studioStatic' }],
    ['design-system-static.sanity.io', { kind: 'studioStatic' }],
    ['a.b.api.sanity.io', undefined],
    ['-x.api.sanity.io', undefined],
    ['api.sanity.io.evil.example', undefined],
    ['www.sanity.io', undefined],
    ['apicdn.sanity.io', undefined],
    ['localhost', undefined],
  ])('%s → %j', (name, expected) => {
    expect(sanityHost(name)).toEqual(expected)
  })

  it.each([
    ['abc.api.sanity.io', '127.0.0.1', true],
    ['abc.api.sanity.io', '::1', true],
    ['abc.api.sanity.io', '::ffff:127.0.0.1', true],
    ['abc.api.sanity.io', '192.0.2.2', false],
    ['abc.api.sanity.io', undefined, false],
    ['cdn.sanity.io', '10.0.0.5', false],
  ])('%s from %s: answered %s', (name, address, expected) => {
    const verdict = checkSanityHost(name, address, () => true)
    expect(verdict.sanity && verdict.ok).toBe(expected)
  })
})

describe('the lake answering for Sanity’s names', () => {
  let running: RunningLake
  let restricted: RunningLake
  let dataDir: string
  let otherDir: string
  let port: number
  let asset: { url: string; path: string }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lake-exec-hosts-'))
    otherDir = mkdtempSync(join(tmpdir(), 'lake-exec-hosts-'))
    const base = { port: 0, tlsPort: 0, seed: false, webhooks: [], corsOrigins: [STUDIO] }
    running = await startLake(
      loadConfig({}, { ...base, dataDir, tokens: [{ token: TOKEN, role: 'administrator' }] }),
      () => {},
    )
    restricted = await startLake(
      loadConfig({}, { ...base, dataDir: otherDir, projectIds: ['allowed1'] }),
      () => {},
    )
    port = Number(new URL(running.httpUrl).port)
    const uploaded = await call(port, 'fx1.api.sanity.io', '/v2025-02-19/assets/images/production', {
      method: 'POST',
      body: PHOTO,
      headers: { 'content-type': 'image/jpeg' },
    })
    asset = (uploaded.json() as { document: { url: string; path: string } }).document
  })

  afterAll(async () => {
    await running.close()
    await restricted.close()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(otherDir, { recursive: true, force: true })
  })

  it('answers any project id by default, every one over the same datasets', async () => {
    for (const host of ['fx1.api.sanity.io', 'other2.apicdn.sanity.io', 'local.localhost']) {
      const answer = await call(
        port,
        host,
        `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*[_type == "sanity.imageAsset"])')}`,
      )
      expect(answer.status).toBe(200)
      expect((answer.json() as { result: number }).result).toBe(1)
    }
    const project = await call(port, 'other2.api.sanity.io', '/v2021-12-15/projects/other2')
    expect((project.json() as { id: string }).id).toBe('other2')
  })

  it('answers only the project ids in LAKE_PROJECT_IDS when set (its own stays)', async () => {
    const restrictedPort = Number(new URL(restricted.httpUrl).port)
    const path = '/v2025-02-19/data/query/production?query=1'
    expect((await call(restrictedPort, 'allowed1.api.sanity.io', path)).status).toBe(200)
    expect((await call(restrictedPort, 'local.localhost', path)).status).toBe(200)
    const refused = await call(restrictedPort, 'other2.api.sanity.io', path)
    expect(refused.status).toBe(404)
    expect(JSON.stringify(refused.json())).toContain('LAKE_PROJECT_IDS')
    expect((await call(restrictedPort, 'cdn.sanity.io', '/images/other2/production/x-1x1.jpg')).status).toBe(
      404,
    )
  })

  it('writes hosted’s asset URL for uploads through Sanity’s names, and serves it from cdn.sanity.io', async () => {
    expect(asset.url).toMatch(/^https:\/\/cdn\.sanity\.io\/images\/fx1\/production\/[0-9a-f]{40}-64x48\.jpg$/)
    expect(asset.path).toMatch(/^images\/fx1\/production\//)
    const image = await call(port, 'cdn.sanity.io', `${new URL(asset.url).pathname}?w=32`)
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/jpeg')
    const local = await call(port, 'localhost', '/v2025-02-19/assets/files/production', {
      method: 'POST',
      body: 'plain text',
      headers: { 'content-type': 'text/plain' },
    })
    // Through the lake's own names an asset keeps the lake's origin, as before.
    expect((local.json() as { document: { url: string } }).document.url).toMatch(
      /^https:\/\/localhost:\d+\/files\/local\/production\//,
    )
  })

  it('answers hosted-only endpoints as hosted does where the feature is off', async () => {
    const claim = await call(port, 'fx1.api.sanity.io', '/v2025-02-19/descriptors/claim?tag=sanity.studio', {
      method: 'POST',
      body: JSON.stringify({ descriptorId: 'x', contextKey: 'dataset:fx1:production' }),
      headers: { 'content-type': 'application/json' },
    })
    expect(claim.status).toBe(200)
    expect((claim.json() as { synchronization: unknown }).synchronization).toEqual({ type: 'complete' })
    const sync = await call(port, 'fx1.api.sanity.io', '/v2025-02-19/descriptors/synchronize', {
      method: 'POST',
      body: '{}',
    })
    expect(sync.json()).toEqual({ type: 'complete' })
    const assist = await call(
      port,
      'fx1.api.sanity.io',
      '/v2025-04-01/assist/tasks/instruction/production/status?projectId=fx1',
    )
    expect(assist.json()).toEqual({ enabled: false, initialized: false, validToken: false })
    const translate = await call(
      port,
      'fx1.api.sanity.io',
      '/v2025-04-01/assist/tasks/translate/production',
      { method: 'POST' },
    )
    expect(translate.status).toBe(403)
    const telemetry = await call(port, 'api.sanity.io', '/v2023-12-18/intake/telemetry-status')
    expect(telemetry.json()).toEqual({ status: 'denied' })
  })

  it('answers the Studio’s static hosts with local stand-ins, and nothing else there', async () => {
    const bridge = await call(port, 'core.sanity-cdn.com', '/bridge.js', { headers: { origin: STUDIO } })
    expect(bridge.status).toBe(200)
    expect(bridge.headers['content-type']).toMatch(/^text\/javascript/)
    expect(bridge.headers['access-control-allow-origin']).toBe(STUDIO)
    for (const font of [
      '/Inter-Regular.woff2',
      '/Inter-BoldItalic.woff2',
      '/InterVariable-latin-20260728.woff2',
    ]) {
      const answer = await call(
        port,
        font.startsWith('/InterVariable') ? 'design-system-static.sanity.io' : 'studio-static.sanity.io',
        font,
      )
      expect(answer.headers['content-type'], font).toBe('font/woff2')
      expect(answer.body.subarray(0, 4).toString('latin1')).toBe('wOF2')
    }
    expect((await call(port, 'studio-static.sanity.io', '/Inter-Fake.woff2')).status).toBe(404)
    const version = await call(port, 'sanity-cdn.com', '/v1/modules/sanity/latest/%5E6.16.0/t1796661972', {
      headers: { accept: 'application/json' },
    })
    expect(version.json()).toEqual({ latest: '6.16.0', packageVersion: '6.16.0' })
    expect((await call(port, 'sanity-cdn.com', '/v2025-02-19/data/query/production?query=1')).status).toBe(
      404,
    )
    expect((await call(port, 'fx1.api.sanity.io', '/bridge.js')).status).toBe(404)
  })

  it('answers preflights to unknown routes from allowed origins, so the browser sees the real status', async () => {
    const preflight = await call(port, 'fx1.api.sanity.io', '/v2025-02-19/some/hosted/thing', {
      method: 'OPTIONS',
      headers: { origin: STUDIO, 'access-control-request-method': 'GET' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe(STUDIO)
    const real = await call(port, 'fx1.api.sanity.io', '/v2025-02-19/some/hosted/thing', {
      headers: { origin: STUDIO },
    })
    expect(real.status).toBe(404)
    expect(real.headers['access-control-allow-origin']).toBe(STUDIO)
    const foreign = await call(port, 'fx1.api.sanity.io', '/v2025-02-19/some/hosted/thing', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    })
    expect(foreign.status).toBe(403)
  })

  const external = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address

  it.skipIf(!external)(
    'refuses Sanity’s names from other machines, while its own answer as configured',
    async () => {
      const openDir = mkdtempSync(join(tmpdir(), 'lake-exec-hosts-'))
      const open = await startLake(
        loadConfig(
          {},
          {
            dataDir: openDir,
            host: '0.0.0.0',
            port: 0,
            tlsPort: 0,
            seed: false,
            webhooks: [],
            devIdentity: false,
            tokens: [{ token: TOKEN, role: 'administrator' }],
            allowedHosts: [external ?? ''],
          },
        ),
        () => {},
      )
      try {
        const openPort = Number(new URL(open.httpUrl).port)
        const options = { to: external, from: external }
        const sanityName = await call(
          openPort,
          'fx1.api.sanity.io',
          '/v2025-02-19/data/query/production?query=1',
          options,
        )
        expect(sanityName.status).toBe(403)
        expect(JSON.stringify(sanityName.json())).toContain('this machine only')
        const own = await call(openPort, external ?? '', '/health', options)
        expect(own.status).toBe(200)
      } finally {
        await open.close()
        rmSync(openDir, { recursive: true, force: true })
      }
    },
  )
})
