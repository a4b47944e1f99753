import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import { createClient, type SanityClient, type SanityImageAssetDocument } from '@sanity/client'
import { chromiumLaunchOptions } from '@slideshow/testkit/chromium'
import { chromium } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LakeConfig, loadConfig } from '../src/config.ts'
import { type RunningLake, startLake } from '../src/server.ts'
import { API_VERSION, startTarget, type Target } from './harness.ts'

const local = !process.env.LAKE_TARGET_URL

/** Records which page scripts ran: each one reports its case name here. */
class ScriptListener {
  readonly ran = new Set<string>()
  readonly #server: Server = createServer((req, res) => {
    const name = /^\/ran\/([\w-]+)/.exec(req.url ?? '')?.[1]
    if (name) this.ran.add(name)
    res.end()
  })

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
  }

  /**
   * The script each uploaded document carries: it retitles the page and reports to the listener
   * under the name `nameExpression` evaluates to in the page.
   */
  script(nameExpression: string): string {
    const { port } = this.#server.address() as AddressInfo
    return `var n=${nameExpression};document.title='ran-'+n;fetch('http://127.0.0.1:${port}/ran/'+n,{mode:'no-cors'})`
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}

interface ScriptCase {
  name: string
  contentType: string
  filename?: string
  body: (listener: ScriptListener, name: string, xslName: string) => string
}

const literal = (name: string) => JSON.stringify(name)
const html = (listener: ScriptListener, name: string) =>
  `<!doctype html><title>static</title><script>${listener.script(literal(name))}</script>`
/**
 * A stylesheet that applies itself (`href=""`), turning any XML into a page with a script; the
 * page reports as "xml" when an XML document applied it.
 */
const xsl = (listener: ScriptListener) => `<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href=""?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><html><head><title>static</title></head><body><script>${listener.script(
    'location.pathname.endsWith(".xml")?"xml":"xsl"',
  )}</script></body></html></xsl:template>
</xsl:stylesheet>`

/** The script-capable uploads of issue #11, each able to run script when served plainly. */
const SCRIPT_CASES: ScriptCase[] = [
  { name: 'html', contentType: 'text/html', filename: 'page.html', body: html },
  {
    name: 'xhtml',
    contentType: 'application/xhtml+xml',
    filename: 'page.xhtml',
    body: (listener, name) =>
      `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>static</title></head><body><script>${listener.script(literal(name))}</script></body></html>`,
  },
  {
    name: 'svg',
    contentType: 'image/svg+xml',
    filename: 'drawing.svg',
    body: (listener, name) =>
      `<svg xmlns="http://www.w3.org/2000/svg"><script>${listener.script(literal(name))}</script></svg>`,
  },
  { name: 'xsl', contentType: 'text/xsl', filename: 'style.xsl', body: xsl },
  {
    name: 'xml',
    contentType: 'application/xml',
    filename: 'data.xml',
    body: (_listener, _name, xslName) =>
      `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="${xslName}"?><root/>`,
  },
  { name: 'html-trailing-comma', contentType: 'text/html,', body: html },
  { name: 'plain-then-html', contentType: 'text/plain,text/html', body: html },
]

function expectSandboxed(headers: { get(name: string): string | null }, what: string): void {
  expect(headers.get('content-security-policy'), what).toBe('sandbox')
  expect(headers.get('x-content-type-options'), what).toBe('nosniff')
}

/** GET or HEAD over HTTP/2 on the TLS port (as the Studio does), trusting exactly the lake's CA. */
function http2Request(
  origin: string,
  path: string,
  ca: string,
  method: 'GET' | 'HEAD',
): Promise<{ status: number; headers: Map<string, string> }> {
  const session = connect(origin, { ca })
  return new Promise<{ status: number; headers: Map<string, string> }>((resolve, reject) => {
    const stream = session.request({ ':path': path, ':method': method })
    stream.on('response', (raw) => {
      const headers = new Map(Object.entries(raw).map(([name, value]) => [name, String(value)]))
      resolve({ status: Number(raw[':status']), headers })
      stream.resume()
    })
    stream.on('error', reject)
    session.on('error', reject)
  }).finally(() => session.close())
}

const asHeaders = (map: Map<string, string>) => ({ get: (name: string) => map.get(name) ?? null })

describe('asset responses cannot run script', () => {
  let target: Target
  const listener = new ScriptListener()
  const uploaded = new Map<string, { path: string; mimeType: string }>()

  beforeAll(async () => {
    target = await startTarget()
    await listener.start()
    let xslName = ''
    for (const entry of SCRIPT_CASES) {
      const bytes = Buffer.from(entry.body(listener, entry.name, xslName))
      const asset = await target.client().assets.upload('file', bytes, {
        contentType: entry.contentType,
        ...(entry.filename ? { filename: entry.filename } : {}),
      })
      if (entry.name === 'xsl') xslName = asset.path.split('/').pop() ?? ''
      uploaded.set(entry.name, { path: asset.path, mimeType: asset.mimeType })
    }
  })
  afterAll(async () => {
    await listener.close()
    await target.close()
  })

  it.each(SCRIPT_CASES.map(({ name }) => name))(
    'serves the %s upload sandboxed and unsniffable, on GET and HEAD, on both ports',
    async (name) => {
      const { path, mimeType } = uploaded.get(name) ?? { path: '', mimeType: '' }
      // A type list is never passed on: browsers would act on its last entry.
      expect(mimeType).toMatch(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/)
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await fetch(`${target.url}/${path}`, { method })
        expect(response.status).toBe(200)
        expectSandboxed(response.headers, `${method} ${name}`)
        expect(response.headers.get('content-type')).not.toContain(',')
        const ca = target.local?.tls.caCert
        if (!target.local || !ca) continue
        const overTls = await http2Request(target.local.httpsUrl, `/${path}`, ca, method)
        expect(overTls.status).toBe(200)
        expectSandboxed(asHeaders(overTls.headers), `HTTP/2 ${method} ${name}`)
      }
    },
  )

  it('keeps the headers on 304s, 404s and 400s, and on SVG images and their variants', async () => {
    const { path } = uploaded.get('html') ?? { path: '' }
    const first = await fetch(`${target.url}/${path}`)
    const revalidated = await fetch(`${target.url}/${path}`, {
      headers: { 'if-none-match': first.headers.get('etag') ?? '' },
    })
    expect(revalidated.status).toBe(304)
    expectSandboxed(revalidated.headers, '304')
    const missing = await fetch(`${target.url}/files/local/production/${'0'.repeat(40)}.html`)
    expect(missing.status).toBe(404)
    expectSandboxed(missing.headers, 'file 404')

    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/><script>${listener.script(literal('svg-image'))}</script></svg>`,
    )
    const image = await target.client().assets.upload('image', svg, { filename: 'drawing.svg' })
    expect(image.mimeType).toBe('image/svg+xml')
    for (const query of ['', '?w=20', '?w=abc']) {
      const response = await fetch(`${target.url}/${image.path}${query}`)
      expect(response.status, query).toBe(query === '?w=abc' ? 400 : 200)
      expectSandboxed(response.headers, `image ${query}`)
    }
    const missingImage = await fetch(`${target.url}/images/local/production/${'0'.repeat(40)}-1x1.png`)
    expectSandboxed(missingImage.headers, 'image 404')
  })

  it('serves a recorded type that is not one clean type as application/octet-stream', async () => {
    const asset = await target
      .client()
      .assets.upload('file', Buffer.from(`plain ${Date.now()}`), { filename: 'notes.txt' })
    expect(asset.mimeType).toBe('text/plain')
    // An import or a mutation can write anything into the document; what is served is checked again.
    for (const recorded of ['text/plain,text/html', 'text/html,', 'text/html;,', '*/*', 'text/html\u0000']) {
      await target.client().patch(asset._id).set({ mimeType: recorded }).commit()
      const response = await fetch(`${target.url}/${asset.path}`)
      expect(response.headers.get('content-type'), recorded).toBe('application/octet-stream')
    }
    await target.client().patch(asset._id).set({ mimeType: 'Text/Markdown; charset=utf-8' }).commit()
    expect((await fetch(`${target.url}/${asset.path}`)).headers.get('content-type')).toBe('text/markdown')
  })

  it.skipIf(!local)(
    'in real Chromium, opening any of them runs no script (served plainly, each does)',
    async () => {
      const plain = await plainServer(uploaded, target)
      const browser = await chromium.launch(chromiumLaunchOptions())
      try {
        const page = await browser.newPage()
        const open = async (url: string) => {
          await page.goto('about:blank')
          // Content the lake sends as application/octet-stream starts a download instead of a page.
          await page.goto(url).catch(() => {})
          return page.url() === url ? page.title() : ''
        }
        for (const { name } of SCRIPT_CASES) {
          const { path } = uploaded.get(name) ?? { path: '' }
          expect(await open(`${target.url}/${path}`), name).not.toMatch(/^ran-/)
        }
        // The same bytes and declared types without the lake's headers: every script runs. Their
        // reports arrive after any the lake's pages could have sent, which were opened first.
        for (const { name } of SCRIPT_CASES) {
          const { path } = uploaded.get(name) ?? { path: '' }
          await open(`${plain.url}/${path}`)
        }
        await expect
          .poll(() => [...listener.ran].sort(), { timeout: 10_000 })
          .toEqual(SCRIPT_CASES.map(({ name }) => name).sort())
      } finally {
        await browser.close()
        await plain.close()
      }
    },
  )
})

/**
 * Serves the uploaded bytes at the same paths with the type each upload declared and no other
 * header: what the lake did before, and the proof that each test page does run script.
 */
async function plainServer(uploaded: Map<string, { path: string }>, target: Target) {
  const byPath = new Map<string, { bytes: Buffer; type: string }>()
  for (const entry of SCRIPT_CASES) {
    const { path } = uploaded.get(entry.name) ?? { path: '' }
    const bytes = Buffer.from(await (await fetch(`${target.url}/${path}`)).arrayBuffer())
    byPath.set(`/${path}`, { bytes, type: entry.contentType })
  }
  const server = createServer((req, res) => {
    const file = byPath.get(req.url ?? '')
    res.writeHead(file ? 200 : 404, file ? { 'content-type': file.type } : {})
    res.end(file?.bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * A valid PNG of `width`x`height` one-bit pixels, all black: large in pixels, tiny in bytes
 * (16000x16000 deflates to about 32 kB), so only its header can tell it is too large.
 */
function blackPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const framed = Buffer.alloc(body.length + 8)
    framed.writeUInt32BE(data.length, 0)
    body.copy(framed, 4)
    framed.writeUInt32BE(crc32(body), body.length + 4)
    return framed
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([1, 0, 0, 0, 0], 8)
  const rows = Buffer.alloc((Math.ceil(width / 8) + 1) * height)
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

describe('image limits', () => {
  let target: Target
  beforeAll(async () => {
    target = await startTarget()
  })
  afterAll(() => target.close())

  it('refuses a 16000x16000 upload by its header with a clear 413 and stores nothing', async () => {
    const png = blackPng(16000, 16000)
    expect(png.length).toBeLessThan(100_000)
    expect(await sharp(png).metadata()).toMatchObject({ width: 16000, height: 16000, format: 'png' })
    const upload = target.client().assets.upload('image', png, { filename: 'huge.png' })
    await expect(upload).rejects.toMatchObject({
      statusCode: 413,
      response: {
        body: {
          error: {
            type: 'requestEntityTooLargeError',
            description: expect.stringMatching(/16000x16000.*pixels/),
          },
        },
      },
    })
    const accepted = await target.client().assets.upload('image', blackPng(2000, 1000))
    expect(accepted.metadata.dimensions).toMatchObject({ width: 2000, height: 1000 })
    const lake = target.local?.lake
    if (lake) {
      const stored = readdirSync(join(lake.assetsDir, target.dataset, 'images'))
      expect(stored.filter((name) => name.includes('-16000x16000'))).toEqual([])
    }
  })

  it('never enlarges past the source unless the fit mode asks to, as the hosted CDN documents', async () => {
    const source = await target.client().assets.upload(
      'image',
      await sharp({
        create: { width: 100, height: 50, channels: 3, background: '#08f' },
      })
        .png()
        .toBuffer(),
    )
    const sizeOf = async (query: string) => {
      const response = await fetch(`${target.url}/${source.path}?${query}`)
      expect(response.status, query).toBe(200)
      const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata()
      return { width, height }
    }
    // `max` and `fillmax` never scale up; `min` crops to the asked aspect ratio at source scale.
    for (const query of ['w=8192&fit=max', 'w=8192&fit=fillmax', 'h=6000&fit=max']) {
      expect(await sizeOf(query), query).toEqual({ width: 100, height: 50 })
    }
    expect(await sizeOf('w=4000&h=4000&fit=min')).toEqual({ width: 50, height: 50 })
    // "Small images get scaled up to the width or height you specify. To avoid this use
    // &fit=max." (sanity.io/docs, image URLs): clip (the default), crop, scale and fill do.
    expect(await sizeOf('w=400')).toEqual({ width: 400, height: 200 })
    expect(await sizeOf('w=300&h=300&fit=crop')).toEqual({ width: 300, height: 300 })
  })

  it('caps what any variant may cost at 8192x4096 pixels, keeping the aspect ratio', async () => {
    const source = await target.client().assets.upload('image', blackPng(64, 64))
    const response = await fetch(`${target.url}/${source.path}?w=8192&h=8192&fit=scale&fm=jpg&q=1`)
    const { width = 0, height = 0 } = await sharp(Buffer.from(await response.arrayBuffer())).metadata()
    expect(width * height).toBeLessThanOrEqual(8192 * 4096)
    expect(width).toBe(height)
    expect(width).toBeGreaterThan(5000)
  })
})

interface LocalLake {
  running: RunningLake
  client: SanityClient
  dataDir: string
  close(options?: { keepData?: boolean }): Promise<void>
}

const LOCAL_TOKEN = 'asset-safety-admin-token-0123456789abcdef'

async function startLocalLake(overrides: Partial<LakeConfig>, dataDir?: string): Promise<LocalLake> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'lake-asset-safety-'))
  const running = await startLake(
    loadConfig(
      {},
      {
        dataDir: dir,
        port: 0,
        tlsPort: 0,
        devIdentity: false,
        tokens: [{ token: LOCAL_TOKEN, role: 'administrator' }],
        seedDataset: 'production',
        seed: false,
        webhooks: [],
        ...overrides,
      },
    ),
    () => {},
  )
  const client = createClient({
    projectId: 'local',
    dataset: 'production',
    apiVersion: API_VERSION,
    apiHost: running.httpUrl,
    useProjectHostname: false,
    useCdn: false,
    token: LOCAL_TOKEN,
  })
  return {
    running,
    client,
    dataDir: dir,
    async close({ keepData = false } = {}) {
      await running.close()
      if (!keepData) rmSync(dir, { recursive: true, force: true })
    },
  }
}

const noise = (width: number, height: number, format: 'png' | 'jpeg' = 'png') =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 80 },
    },
  })
    .toFormat(format)
    .toBuffer()

describe.skipIf(!local)('bounded rendering', () => {
  let lake: LocalLake
  beforeAll(async () => {
    lake = await startLocalLake({ imageConcurrency: 1, imageQueueLength: 1 })
  })
  afterAll(() => lake.close())

  it('answers past the queue with a 503 and Retry-After, while originals, cached variants and uploads go on', async () => {
    const base = lake.running.httpUrl
    const slow = await lake.client.assets.upload('image', await noise(2600, 2600, 'jpeg'))
    const small = await lake.client.assets.upload('image', await noise(64, 64))
    const cachedUrl = `${base}/${small.path}?w=32`
    await fetch(cachedUrl)
    expect((await fetch(cachedUrl)).headers.get('x-lake-variant')).toBe('cached')

    // One render runs, one waits, the rest are refused. Each blur=2000 takes a second or two.
    const urls = Array.from({ length: 5 }, (_, index) => `${base}/${slow.path}?blur=2000&w=${2590 + index}`)
    const settled: number[] = []
    const answers = urls.map(async (url) => {
      const response = await fetch(url)
      const body = response.headers.get('content-type')?.includes('json') ? await response.json() : undefined
      if (!body) await response.arrayBuffer()
      settled.push(response.status)
      return { response, body }
    })
    await expect.poll(() => settled.filter((status) => status === 503).length, { timeout: 10_000 }).toBe(3)

    // While both slots are taken: nothing that needs no render waits for one.
    const original = await fetch(`${base}/${slow.path}`)
    expect(original.status).toBe(200)
    expect(Buffer.from(await original.arrayBuffer()).length).toBe(slow.size)
    const cached = await fetch(cachedUrl)
    expect(cached.headers.get('x-lake-variant')).toBe('cached')
    await cached.arrayBuffer()
    expect(settled.filter((status) => status === 200)).toEqual([])
    const upload = lake.client.assets.upload('image', await noise(48, 48))

    const results = await Promise.all(answers)
    const refused = results.filter(({ response }) => response.status === 503)
    expect(results.filter(({ response }) => response.status === 200)).toHaveLength(2)
    for (const { response, body } of refused) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expectSandboxed(response.headers, '503')
      expect(body).toMatchObject({
        error: { type: 'serviceUnavailableError', description: expect.stringMatching(/retry/i) },
      })
    }
    expect((await upload).metadata.dimensions).toMatchObject({ width: 48, height: 48 })

    // Once the burst is over, renders are taken again.
    const again = await fetch(`${base}/${slow.path}?w=10`)
    expect(again.status).toBe(200)
    expect(again.headers.get('x-lake-variant')).toBe('rendered')
  }, 60_000)
})

/** Every variant file's size, by name, as it is on disk. */
function variantsOnDisk(dataDir: string): Map<string, number> {
  const folder = join(dataDir, 'assets', 'production', 'variants')
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) =>
    entry.isFile(),
  )
  return new Map(files.map((entry) => [entry.name, statSync(join(entry.parentPath, entry.name)).size]))
}

const total = (files: Map<string, number>) => [...files.values()].reduce((sum, size) => sum + size, 0)

describe.skipIf(!local)('variant cache', () => {
  // Each noise variant below is about 24 kB: three fit under the cap, a fourth does not.
  const CAP = 80_000
  let lake: LocalLake
  let source: SanityImageAssetDocument
  beforeAll(async () => {
    lake = await startLocalLake({ variantCacheBytes: CAP })
    source = await lake.client.assets.upload('image', await noise(400, 400))
  })
  afterAll(() => lake.close())

  const variant = async (width: number, running = lake.running) => {
    const response = await fetch(`${running.httpUrl}/${source.path}?w=${width}&fm=png`)
    expect(response.status).toBe(200)
    return {
      origin: response.headers.get('x-lake-variant'),
      bytes: Buffer.from(await response.arrayBuffer()),
    }
  }

  it('keeps disk use under the cap, evicting the least recently served; an evicted variant renders again the same', async () => {
    const first = new Map<number, Buffer>()
    for (const width of [100, 101, 102]) {
      const answer = await variant(width)
      expect(answer.origin).toBe('rendered')
      first.set(width, answer.bytes)
    }
    expect(variantsOnDisk(lake.dataDir).size).toBe(3)
    // 100 is served again, so 101 is now the least recently used: a fourth variant pushes it out.
    expect((await variant(100)).origin).toBe('cached')
    expect((await variant(103)).origin).toBe('rendered')
    expect(total(variantsOnDisk(lake.dataDir))).toBeLessThanOrEqual(CAP)
    expect(variantsOnDisk(lake.dataDir).size).toBe(3)
    expect((await variant(100)).origin).toBe('cached')
    expect((await variant(103)).origin).toBe('cached')
    const again = await variant(101)
    expect(again.origin).toBe('rendered')
    expect(again.bytes.equals(first.get(101) ?? Buffer.alloc(0))).toBe(true)
    expect(total(variantsOnDisk(lake.dataDir))).toBeLessThanOrEqual(CAP)
  })

  it('after a restart, counts what is on disk against the cap and removes stray temporary files', async () => {
    const before = variantsOnDisk(lake.dataDir)
    expect(before.size).toBeGreaterThan(1)
    const folder = join(lake.dataDir, 'assets', 'production', 'variants', source.sha1hash)
    // What a crash in the middle of a write leaves: a temporary file, never a torn variant.
    const stray = join(folder, `${'f'.repeat(20)}.png.0123456789ab.tmp`)
    writeFileSync(stray, Buffer.alloc(10_000, 1))
    await lake.close({ keepData: true })
    const smallerCap = 30_000
    lake = await startLocalLake({ variantCacheBytes: smallerCap }, lake.dataDir)
    // The most recent variant (101, rendered last) is what survives a cap that fits one.
    expect((await variant(101)).origin).toBe('cached')
    const after = variantsOnDisk(lake.dataDir)
    expect([...after.keys()].some((name) => name.endsWith('.tmp'))).toBe(false)
    expect(total(after)).toBeLessThanOrEqual(smallerCap)
    expect((await variant(100)).origin).toBe('rendered')
  })
})
