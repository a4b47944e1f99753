import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { evaluate, parse } from 'groq-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SanityDocument } from '../src/store/types.ts'
import {
  datasetArbitrary,
  type GeneratedDocument,
  type Params,
  PERSPECTIVES,
  paramsArbitrary,
  perspectiveArbitrary,
  queryArbitrary,
} from './groqDifferential/grammar.ts'
import { documentsUnder, type PerspectiveName } from './groqDifferential/referencePerspective.ts'
import { API_VERSION, startTarget, type Target } from './harness.ts'

/**
 * Differential test of the lake's query path (index plan, perspectives, dataset order, workers)
 * against plain groq-js: for generated datasets and queries, the lake's HTTP answer must equal
 * groq-js evaluated over the same stored documents under the same perspective, errors included.
 * A few datasets per run keep the writes cheap; many queries per dataset make the cases.
 * Reproduce a failure with the seed it prints: GROQ_DIFF_SEED=<seed>.
 */
const DATASETS = Number(process.env.GROQ_DIFF_DATASETS ?? 6)
const QUERIES_PER_DATASET = Number(process.env.GROQ_DIFF_QUERIES ?? 1000)
const SEED = Number(process.env.GROQ_DIFF_SEED ?? Math.floor(Math.random() * 2 ** 31))

type Answer = { result: unknown } | { error: string }

async function groqJs(query: string, params: Params, documents: SanityDocument[]): Promise<Answer> {
  try {
    const value = await evaluate(parse(query, { params: { ...params } }), {
      dataset: documents,
      params: { ...params },
    })
    return { result: JSON.parse(JSON.stringify((await value.get()) ?? null)) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

async function lake(
  target: Target,
  query: string,
  params: Params,
  perspective: PerspectiveName,
): Promise<Answer> {
  try {
    return { result: await target.client().fetch(query, { ...params }, { perspective }) }
  } catch (error) {
    const body = error as { statusCode?: number; response?: { body?: { error?: { description?: string } } } }
    const description = body.response?.body?.error?.description
    if (body.statusCode !== 400 || description === undefined) throw error
    return { error: description }
  }
}

async function exported(target: Target): Promise<SanityDocument[]> {
  const response = await fetch(`${target.url}/v${API_VERSION}/data/export/${target.dataset}`, {
    headers: { authorization: `Bearer ${target.writeToken}` },
  })
  expect(response.status).toBe(200)
  const lines = (await response.text()).split('\n').filter(Boolean)
  return lines.map((line) => JSON.parse(line) as SanityDocument)
}

const show = (value: unknown) => JSON.stringify(value)

describe('GROQ on the lake equals groq-js (differential, property-based)', () => {
  let target: Target

  beforeAll(async () => {
    target = await startTarget()
  })

  afterAll(async () => {
    await target?.close()
  })

  it(`answers ${DATASETS} x ${QUERIES_PER_DATASET} generated queries as groq-js does`, async () => {
    let cases = 0
    let written: string[] = []
    let datasetIndex = 0
    const client = target.client()
    const eachDataset = fc.asyncProperty(datasetArbitrary, async (dataset: GeneratedDocument[]) => {
      datasetIndex++
      await client.mutate([
        ...written.map((id) => ({ delete: { id } })),
        ...dataset.map((doc) => ({ create: doc })),
      ])
      written = dataset.map((doc) => doc._id)
      // Every document as the lake stores it (its _rev, _createdAt, _updatedAt, and its own
      // system documents), read back through the export endpoint, not through a query.
      const stored = await exported(target)
      const ids = stored.map((doc) => doc._id)
      expect(ids).toEqual(expect.arrayContaining(written))
      // Export and `*` share one dataset order, whatever order the documents were written in.
      expect(ids).toEqual([...ids].sort())
      const views = new Map(PERSPECTIVES.map((name) => [show(name), documentsUnder(stored, name)]))
      const eachQuery = fc.asyncProperty(
        queryArbitrary,
        paramsArbitrary,
        perspectiveArbitrary,
        async (query, params, perspective) => {
          cases++
          const expected = await groqJs(query, params, views.get(show(perspective)) ?? [])
          const actual = await lake(target, query, params, perspective)
          if (!isDeepStrictEqual(actual, expected)) {
            throw new Error(
              [
                'the lake and groq-js differ',
                `  query:       ${query}`,
                `  params:      ${show(params)}`,
                `  perspective: ${show(perspective)}`,
                `  lake:        ${show(actual)}`,
                `  groq-js:     ${show(expected)}`,
              ].join('\n'),
            )
          }
        },
      )
      // Shrinks the query within this dataset; the dataset is printed whole by the outer run.
      await fc.assert(eachQuery, { numRuns: QUERIES_PER_DATASET, seed: SEED + datasetIndex })
    })
    const started = performance.now()
    await fc.assert(eachDataset, { numRuns: DATASETS, seed: SEED, endOnFailure: true })
    console.log(
      `groq differential: ${cases} cases (${DATASETS} datasets x ${QUERIES_PER_DATASET} queries) in ${((performance.now() - started) / 1000).toFixed(1)} s, seed ${SEED}`,
    )
    expect(cases).toBe(DATASETS * QUERIES_PER_DATASET)
  }, 180_000)
})
