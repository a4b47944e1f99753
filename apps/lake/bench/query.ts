// Lake query benchmark (not a test): for 1k, 10k and 100k generated documents, each query below
// through the HTTP API next to the same query evaluated by raw groq-js over an in-memory array in
// this process (the baseline): the story's article query, and `*[_id in $ids]` with 50 ids as
// the Studio's previews and reference inputs send it. Writes bench/results/query.json. Durable
// writes have their own benchmark, bench/writes.ts.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { evaluate, parse } from 'groq-js'
import { percentile, queryUrl, time, withGeneratedLake } from './benchLake.ts'
import { spreadIds } from './queryDataset.ts'

const ARTICLE_QUERY = `*[_type == "article" && slug.current == $slug][0]{
  ..., "slides": slides[]{..., people[]->{name, "slug": slug.current}}, people[]->{name, "slug": slug.current}
}`
const IDS_QUERY = '*[_id in $ids]'
const IDS_COUNT = 50
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number)

interface BenchCase {
  name: string
  query: string
  params: Record<string, unknown>
  /** Throws when an answer is not the expected one, so a fast wrong answer never counts. */
  check: (result: unknown) => void
}

function casesFor(docs: Array<{ _id: string }>): BenchCase[] {
  const ids = spreadIds(docs, IDS_COUNT)
  return [
    {
      name: 'article',
      query: ARTICLE_QUERY,
      params: { slug: 'story-0' },
      check: (result) => {
        if ((result as { slides?: unknown[] } | null)?.slides?.length !== 43)
          throw new Error('unexpected article query result')
      },
    },
    {
      name: `ids${IDS_COUNT}`,
      query: IDS_QUERY,
      params: { ids },
      check: (result) => {
        if (!Array.isArray(result) || result.length !== ids.length)
          throw new Error('unexpected ids query result')
      },
    },
  ]
}

async function benchSize(total: number) {
  return withGeneratedLake(total, async (httpUrl, docs) => {
    const iterations = total >= 100_000 ? 30 : total >= 10_000 ? 100 : 300
    const cases = casesFor(docs)
    // Every HTTP phase runs before any raw one: raw groq-js blocks this process (the lake's too)
    // for seconds at 100k, long enough for the server to drop the client's idle keep-alive
    // socket just as the next request goes out on it (ECONNRESET).
    const http = []
    for (const benchCase of cases) {
      const url = queryUrl(httpUrl, benchCase.query, benchCase.params)
      http.push(
        await time(iterations, async () => {
          const response = await fetch(url)
          benchCase.check(((await response.json()) as { result: unknown }).result)
        }),
      )
    }
    const results = []
    for (const [index, benchCase] of cases.entries()) {
      const tree = parse(benchCase.query, { params: benchCase.params })
      const raw = await time(iterations, async () => {
        const value = await evaluate(tree, { dataset: docs, params: benchCase.params })
        benchCase.check(await value.get())
      })
      const viaHttp = http[index] ?? []
      results.push({
        query: benchCase.name,
        documents: total,
        iterations,
        httpMs: { p50: percentile(viaHttp, 50), p99: percentile(viaHttp, 99) },
        rawGroqJsMs: { p50: percentile(raw, 50), p99: percentile(raw, 99) },
        ratioP50: percentile(viaHttp, 50) / percentile(raw, 50),
      })
    }
    return results
  })
}

const queries = []
for (const size of SIZES) {
  for (const result of await benchSize(size)) {
    queries.push(result)
    console.log(
      `${result.query.padEnd(8)} ${String(size).padStart(7)} docs  http p50 ${result.httpMs.p50.toFixed(2)} ms p99 ${result.httpMs.p99.toFixed(2)} ms | raw groq-js p50 ${result.rawGroqJsMs.p50.toFixed(2)} ms p99 ${result.rawGroqJsMs.p99.toFixed(2)} ms | http/raw ${result.ratioP50.toFixed(2)}x`,
    )
  }
}
const resultsDir = join(import.meta.dirname, 'results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  join(resultsDir, 'query.json'),
  `${JSON.stringify({ when: new Date().toISOString(), node: process.version, query: ARTICLE_QUERY, idsQuery: IDS_QUERY, queries }, null, 2)}\n`,
)
