// Lake search benchmark (not a test): the Studio's default search (groq2024, `text::query`) on
// the lake at 1k and 10k generated documents, next to the legacy `match`-based equivalent (the
// groqLegacy strategy's kind of query), both through the lake's HTTP API and the legacy one in
// raw groq-js over an in-memory array in this process (the baseline; raw groq-js cannot run
// `text::query`). Writes bench/results/search.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { evaluate, parse } from 'groq-js'
import { percentile, queryUrl, time, withGeneratedLake } from './benchLake.ts'

// The shape sanity 6.16's createSearchQuery sends for the article and person types.
const TEXT_QUERY = `// findability-mvi:5
*[_type in $__types] | score(boost(_type in ["article"] && title match text::query($__query), 10), boost(_type in ["person"] && name match text::query($__query), 10), ([@, _id] match text::query($__query) || references($__rawQuery))) [_score > 0] {_type, _id, _originalId, "orderings": [_score]} | order(orderings[0] desc) [0...$__limit]`
// The same ranking with groq-js's own `match` over the fields named, filtered first as the
// legacy strategy does (groq-js scores `match` term by term, so the filter is what needs every word).
const LEGACY_QUERY = `*[_type in $__types && (title match $__query || name match $__query || slides[].heading match $__query || _id match $__query)] | score(boost(_type in ["article"] && title match $__query, 10), boost(_type in ["person"] && name match $__query, 10), (title match $__query || name match $__query || slides[].heading match $__query || _id match $__query)) [_score > 0] {_type, _id, _originalId, "orderings": [_score]} | order(orderings[0] desc) [0...$__limit]`
const PARAMS = { __types: ['article', 'person'], __query: 'person 1*', __rawQuery: 'person 1', __limit: 1001 }
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number)

/**
 * The ids the search must find, the people named "Person 1…" (every story holds "story", "1"
 * somewhere in its slides and slug, so a story search would find them all), so a fast wrong
 * answer never counts.
 */
function checker(docs: Array<Record<string, unknown>>) {
  const expected = docs
    .filter((doc) => doc._type === 'person' && /^Person 1\d*$/.test(String(doc.name)))
    .map((doc) => doc._id)
    .sort()
    .join()
  return (result: unknown) => {
    const found = (result as { _id: string }[])
      .map((hit) => hit._id)
      .sort()
      .join()
    if (found !== expected) throw new Error(`unexpected search result: ${found} (wanted ${expected})`)
  }
}

async function benchSize(total: number) {
  return withGeneratedLake(total, async (httpUrl, docs) => {
    const check = checker(docs)
    const iterations = total >= 10_000 ? 60 : 200
    const overHttp = (query: string) => {
      const url = queryUrl(httpUrl, query, PARAMS)
      return time(iterations, async () => {
        const response = await fetch(url)
        if (!response.ok) throw new Error(`query failed: ${response.status} ${await response.text()}`)
        check(((await response.json()) as { result: unknown }).result)
      })
    }
    const textQuery = await overHttp(TEXT_QUERY)
    const legacyHttp = await overHttp(LEGACY_QUERY)
    const tree = parse(LEGACY_QUERY, { params: PARAMS })
    const raw = await time(iterations, async () => {
      const value = await evaluate(tree, { dataset: docs, params: PARAMS })
      check(await value.get())
    })
    const p50 = (samples: number[]) => percentile(samples, 50)
    return {
      documents: total,
      iterations,
      lakeTextQueryMs: { p50: p50(textQuery), p99: percentile(textQuery, 99) },
      lakeLegacyMs: { p50: p50(legacyHttp), p99: percentile(legacyHttp, 99) },
      rawGroqJsLegacyMs: { p50: p50(raw), p99: percentile(raw, 99) },
      textQueryOverRawP50: p50(textQuery) / p50(raw),
      textQueryOverLakeLegacyP50: p50(textQuery) / p50(legacyHttp),
    }
  })
}

const results = []
for (const size of SIZES) {
  const result = await benchSize(size)
  results.push(result)
  const ms = ({ p50, p99 }: { p50: number; p99: number }) =>
    `p50 ${p50.toFixed(2)} ms p99 ${p99.toFixed(2)} ms`
  console.log(
    `search ${String(size).padStart(6)} docs  lake text::query ${ms(result.lakeTextQueryMs)} | lake legacy ${ms(result.lakeLegacyMs)} | raw groq-js legacy ${ms(result.rawGroqJsLegacyMs)} | text::query/raw ${result.textQueryOverRawP50.toFixed(2)}x, /lake legacy ${result.textQueryOverLakeLegacyP50.toFixed(2)}x`,
  )
}
const resultsDir = join(import.meta.dirname, 'results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  join(resultsDir, 'search.json'),
  `${JSON.stringify({ when: new Date().toISOString(), node: process.version, textQuery: TEXT_QUERY, legacyQuery: LEGACY_QUERY, params: PARAMS, results }, null, 2)}\n`,
)
