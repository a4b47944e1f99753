// Image delivery benchmark (not a test): for 2000 px wide photo-like JPEGs, the lake's first
// render of a variant (w=400 and w=1200, auto=format, WebP and AVIF by Accept) and its cached
// answer, both through HTTP, next to sharp doing the same transform in this process with no
// HTTP, cache or lake (the limit). A fresh data dir per run and a distinct source per sample
// keep every "first" a cold render; the lake's x-lake-variant header confirms it. Writes
// bench/results/images.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'

const SOURCE = { width: 2000, height: 1333 }
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 6)
const CACHED_REQUESTS = Number(process.env.BENCH_CACHED ?? 40)
const TOKEN = 'bench-images-admin-token-0123456789abcdef'
const ROWS = [
  { width: 400, format: 'webp', accept: 'image/webp,*/*' },
  { width: 1200, format: 'webp', accept: 'image/webp,*/*' },
  { width: 400, format: 'avif', accept: 'image/avif,image/webp,*/*' },
  { width: 1200, format: 'avif', accept: 'image/avif,image/webp,*/*' },
] as const

type Row = (typeof ROWS)[number]

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** Blotches with detail: compresses like a photo (about 380 kB at 2000 px), unlike flat colour or noise. */
async function photoTexture(): Promise<Buffer> {
  return sharp({
    create: { ...SOURCE, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 70 } },
  })
    .blur(3)
    .linear(1.8, -90)
    .raw()
    .toBuffer()
}

/**
 * A distinct JPEG per call (its first row of pixels encodes `index`), so neither the lake's cache
 * nor libvips' operation cache can help.
 */
async function photo(texture: Buffer, index: number): Promise<Buffer> {
  const pixels = Buffer.from(texture)
  pixels.fill(index % 256, 0, SOURCE.width * 3)
  pixels.writeUInt32BE(index, 0)
  return sharp(pixels, { raw: { ...SOURCE, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer()
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

/** What the lake's renderer does for these URLs, called directly. */
function sharpAlone(path: string, row: Row): Promise<Buffer> {
  const height = Math.round((row.width * SOURCE.height) / SOURCE.width)
  const resized = sharp(path, { failOn: 'error' }).autoOrient().resize(row.width, height, { fit: 'fill' })
  return row.format === 'webp'
    ? resized.webp({ quality: 75 }).toBuffer()
    : resized.avif({ quality: 50, effort: 2 }).toBuffer()
}

const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-images-'))
const running = await startLake(
  loadConfig(
    {},
    {
      dataDir,
      port: 0,
      tlsPort: 0,
      devIdentity: false,
      tokens: [{ token: TOKEN, role: 'administrator' }],
      seed: false,
    },
  ),
  () => {},
)

async function upload(bytes: Buffer): Promise<string> {
  const response = await fetch(`${running.httpUrl}/v2025-02-19/assets/images/production`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'image/jpeg' },
    body: bytes,
  })
  if (!response.ok) throw new Error(`upload failed: ${response.status} ${await response.text()}`)
  const { document } = (await response.json()) as { document: { path: string } }
  return document.path
}

async function get(url: string, accept: string, expected: string): Promise<number> {
  const { ms, value } = await timed(async () => {
    const response = await fetch(url, { headers: { accept } })
    await response.arrayBuffer()
    return response
  })
  const origin = value.headers.get('x-lake-variant')
  if (!value.ok || origin !== expected)
    throw new Error(`${url}: ${value.status} ${origin}, expected ${expected}`)
  return ms
}

const results = []
try {
  const texture = await photoTexture()
  let next = 0
  // Every source is uploaded before any is timed, so upload I/O (asset files, SQLite fsyncs)
  // does not spill into render timings: the scenario is a visitor asking for an image that was
  // uploaded a while ago.
  const sources = []
  for (let index = 0; index < ROWS.length * SAMPLES + 1; index++) {
    sources.push(await upload(await photo(texture, next++)))
  }
  // One render each way and per format first, so start-up costs (thread pools, encoder set-up)
  // land in no sample.
  const warmUp = sources.pop() as string
  const warmUpAlone = join(dataDir, 'baseline-warm-up.jpg')
  writeFileSync(warmUpAlone, await photo(texture, next++))
  for (const row of [ROWS[0], ROWS[2]]) {
    await get(`${running.httpUrl}/${warmUp}?w=${row.width + 1}&auto=format`, row.accept, 'rendered')
    await sharpAlone(warmUpAlone, row)
  }

  for (const row of ROWS) {
    const query = `?w=${row.width}&auto=format`
    const paths = sources.splice(0, SAMPLES)
    const first = []
    for (const path of paths)
      first.push(await get(`${running.httpUrl}/${path}${query}`, row.accept, 'rendered'))
    const cached = []
    for (let request = 0; request < CACHED_REQUESTS; request++) {
      const path = paths[request % paths.length] as string
      cached.push(await get(`${running.httpUrl}/${path}${query}`, row.accept, 'cached'))
    }
    // The limit runs on sources of its own, stored the same way, for the same reason as above.
    const alone = []
    let bytes = 0
    for (let sample = 0; sample < SAMPLES; sample++) {
      const path = join(dataDir, `baseline-${next}.jpg`)
      writeFileSync(path, await photo(texture, next++))
      const { ms, value } = await timed(() => sharpAlone(path, row))
      alone.push(ms)
      bytes += value.length
    }
    const result = {
      transform: `w=${row.width}&auto=format (${row.format})`,
      samples: SAMPLES,
      cachedRequests: CACHED_REQUESTS,
      variantBytesMean: Math.round(bytes / SAMPLES),
      p50Ms: { lakeFirst: median(first), lakeCached: median(cached), sharpAlone: median(alone) },
      firstOverSharp: median(first) / median(alone),
      cachedOverSharp: median(cached) / median(alone),
    }
    results.push(result)
  }
} finally {
  await running.close()
  rmSync(dataDir, { recursive: true, force: true })
}

const column = (text: string | number, width: number) => String(text).padStart(width)
console.log(
  `${'transform'.padEnd(30)}${column('lake first p50', 16)}${column('lake cached p50', 17)}${column('sharp alone p50', 17)}${column('first/sharp', 13)}`,
)
for (const result of results) {
  const { lakeFirst, lakeCached, sharpAlone: alone } = result.p50Ms
  console.log(
    `${result.transform.padEnd(30)}${column(`${lakeFirst.toFixed(1)} ms`, 16)}${column(`${lakeCached.toFixed(2)} ms`, 17)}${column(`${alone.toFixed(1)} ms`, 17)}${column(`${result.firstOverSharp.toFixed(2)}x`, 13)}`,
  )
}
const resultsDir = join(import.meta.dirname, 'results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  join(resultsDir, 'images.json'),
  `${JSON.stringify(
    {
      when: new Date().toISOString(),
      node: process.version,
      sharp: sharp.versions.sharp,
      vips: sharp.versions.vips,
      source: { ...SOURCE, format: 'jpeg' },
      results,
    },
    null,
    2,
  )}\n`,
)
