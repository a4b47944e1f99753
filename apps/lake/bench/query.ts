// Lake query benchmark (not a test): for 1k, 10k and 100k generated documents, the story's
// article query through the HTTP API next to the same query evaluated by raw groq-js over an
// in-memory array in this process (the baseline). Writes bench/results/query.json. Durable
// writes have their own benchmark, bench/writes.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { evaluate, parse } from 'groq-js'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'

const ARTICLE_QUERY = `*[_type == "article" && slug.current == $slug][0]{
  ..., "slides": slides[]{..., people[]->{name, "slug": slug.current}}, people[]->{name, "slug": slug.current}
}`
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number)

function generate(total: number): Array<Record<string, unknown>> {
  const people = Math.max(10, Math.floor(total * 0.05))
  const articles = Math.max(1, Math.floor(total * 0.01))
  const docs: Array<Record<string, unknown>> = []
  for (let index = 0; index < people; index++) {
    docs.push({
      _id: `person-${index}`,
      _type: 'person',
      name: `Person ${index}`,
      slug: { current: `person-${index}` },
    })
  }
  for (let index = 0; index < articles; index++) {
    const ref = (n: number) => ({
      _type: 'reference',
      _key: `r${n}`,
      _ref: `person-${(index * 7 + n) % people}`,
    })
    docs.push({
      _id: `article-${index}`,
      _type: 'article',
      title: `Story ${index}`,
      slug: { current: `story-${index}` },
      people: [ref(0), ref(1)],
      slides: Array.from({ length: 43 }, (_, n) => ({
        _key: `s${n}`,
        _type: 'slide',
        heading: `Heading ${n}`,
        body: [
          {
            _type: 'block',
            _key: `b${n}`,
            children: [{ _type: 'span', _key: 'x', text: 'Text '.repeat(40) }],
          },
        ],
        credit: `Photographer ${n}`,
        people: [ref(n % 3)],
      })),
    })
  }
  for (let index = docs.length; index < total; index++) {
    docs.push({ _id: `filler-${index}`, _type: 'filler', n: index, title: `Filler ${index}` })
  }
  return docs
}

/** Splits documents into transactions that stay under the lake's request body limit. */
function* batchesUnder(docs: Array<Record<string, unknown>>, maxBytes: number) {
  let batch: Array<Record<string, unknown>> = []
  let bytes = 0
  for (const doc of docs) {
    const size = JSON.stringify(doc).length
    if (batch.length > 0 && bytes + size > maxBytes) {
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(doc)
    bytes += size
  }
  if (batch.length > 0) yield batch
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

async function time(iterations: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let warm = 0; warm < 3; warm++) await run()
  const samples: number[] = []
  for (let index = 0; index < iterations; index++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  return samples
}

async function benchSize(total: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-'))
  const running = await startLake(
    loadConfig({}, { dataDir, port: 0, tlsPort: 0, seed: false, webhooks: [], devIdentity: true }),
    () => {},
  )
  try {
    const docs = generate(total)
    for (const batch of batchesUnder(docs, 4 * 1024 * 1024)) {
      const response = await fetch(`${running.httpUrl}/v2025-02-19/data/mutate/production`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: batch.map((doc) => ({ create: doc })) }),
      })
      if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`)
    }
    const slug = 'story-0'
    const url = `${running.httpUrl}/v2025-02-19/data/query/production?query=${encodeURIComponent(ARTICLE_QUERY)}&%24slug=${encodeURIComponent(JSON.stringify(slug))}&returnQuery=false`
    const iterations = total >= 100_000 ? 30 : total >= 10_000 ? 100 : 300
    const http = await time(iterations, async () => {
      const response = await fetch(url)
      const body = (await response.json()) as { result: { slides: unknown[] } | null }
      if (body.result?.slides.length !== 43) throw new Error('unexpected query result')
    })
    const tree = parse(ARTICLE_QUERY, { params: { slug } })
    const raw = await time(iterations, async () => {
      const value = await evaluate(tree, { dataset: docs, params: { slug } })
      await value.get()
    })
    return {
      documents: total,
      iterations,
      httpMs: { p50: percentile(http, 50), p99: percentile(http, 99) },
      rawGroqJsMs: { p50: percentile(raw, 50), p99: percentile(raw, 99) },
      ratioP50: percentile(http, 50) / percentile(raw, 50),
    }
  } finally {
    await running.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const queries = []
for (const size of SIZES) {
  const result = await benchSize(size)
  queries.push(result)
  console.log(
    `${String(size).padStart(7)} docs  http p50 ${result.httpMs.p50.toFixed(2)} ms p99 ${result.httpMs.p99.toFixed(2)} ms | raw groq-js p50 ${result.rawGroqJsMs.p50.toFixed(2)} ms p99 ${result.rawGroqJsMs.p99.toFixed(2)} ms | http/raw ${result.ratioP50.toFixed(2)}x`,
  )
}
const resultsDir = join(import.meta.dirname, 'results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  join(resultsDir, 'query.json'),
  `${JSON.stringify({ when: new Date().toISOString(), node: process.version, query: ARTICLE_QUERY, queries }, null, 2)}\n`,
)
