import type { SanityClient } from '@sanity/client'
import { STORY_QUERY } from '@slideshow/sanity/queries'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_VERSION, startTarget, type Target, uniqueId } from './harness.ts'

// Hostile GROQ must end in an error within the lake's timeout, and never hold up anyone else.
const SLUG = 'alec-baldwin-hilaria-dramatic-news'
/**
 * `count(*[count(*[… count(*) > 0 …]) > 0])`, each level a filter over every document. The issue's
 * four-deep form is 63^3 filter evaluations on the seed, a fraction of a second; five deep would
 * be seconds, and six deep (this one) runs for minutes.
 */
const nested = (depth: number): string => (depth === 0 ? 'count(*)' : `count(*[${nested(depth - 1)} > 0])`)
const EXPONENTIAL = nested(5)
const CHAIN = Array.from({ length: 40_000 }, () => '1').join('+')
// Room for a loaded two-core machine: spawning a replacement worker, scheduling, the client.
const MARGIN_MS = 4_000
const NORMAL_MS = { health: 1_000, article: 2_000 }

let target: Target
let timeoutMs: number
let hostile: SanityClient
let reader: SanityClient
let writer: SanityClient
let article: unknown

/** Nested filters over literal arrays: `width ** depth` evaluations whatever the dataset holds. */
const costly = (depth: number, width = 10): string =>
  depth === 0 ? 'true' : `count([${Array(width).fill(0).join(',')}][${costly(depth - 1, width)}]) >= 0`

interface ErrorShape {
  statusCode?: number
  details?: { type?: string; description?: string }
}
const failureOf = (promise: Promise<unknown>): Promise<ErrorShape> =>
  promise.then(
    (value) => {
      throw new Error(`expected an error, got ${JSON.stringify(value).slice(0, 200)}`)
    },
    (error: ErrorShape) => error,
  )

/** While `work` runs, keeps asking for /health and the article query; the slowest of each. */
async function probeWhile(work: Promise<unknown>) {
  let done = false
  void work.finally(() => {
    done = true
  })
  const slowest = { health: 0, article: 0, rounds: 0 }
  while (!done) {
    let started = performance.now()
    const health = await fetch(`${target.url}/health`)
    expect(health.status).toBe(200)
    slowest.health = Math.max(slowest.health, performance.now() - started)
    started = performance.now()
    expect(await reader.fetch(STORY_QUERY, { slug: SLUG })).toEqual(article)
    slowest.article = Math.max(slowest.article, performance.now() - started)
    slowest.rounds++
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return slowest
}

function expectNormalLatency(slowest: { health: number; article: number; rounds: number }) {
  expect(slowest.rounds).toBeGreaterThan(3)
  expect(slowest.health).toBeLessThan(NORMAL_MS.health)
  expect(slowest.article).toBeLessThan(NORMAL_MS.article)
}

beforeAll(async () => {
  target = await startTarget({ seed: true })
  timeoutMs = target.local?.lake.config.queryTimeoutMs ?? 5_000
  hostile = target.client()
  reader = target.client({ anonymous: true })
  writer = target.client()
  article = await reader.fetch(STORY_QUERY, { slug: SLUG })
  expect(article).toMatchObject({ title: expect.any(String), slides: expect.any(Array) })
})
afterAll(() => target.close())

describe('hostile GROQ', () => {
  it('stops the exponential query and a 40k-term chain with a Sanity-shaped error within the timeout; others see normal latency', async () => {
    const started = performance.now()
    const failures = Promise.all([failureOf(hostile.fetch(EXPONENTIAL)), failureOf(hostile.fetch(CHAIN))])
    const slowest = await probeWhile(failures)
    const elapsed = performance.now() - started
    for (const failure of await failures) {
      expect(failure.statusCode).toBe(400)
      expect(failure.details).toMatchObject({ type: 'queryTimeoutError', description: expect.any(String) })
    }
    expect(elapsed).toBeLessThan(timeoutMs + MARGIN_MS)
    expectNormalLatency(slowest)
  })

  it("one caller's hostile queries cannot take every worker: another caller is answered while they all still run", async () => {
    const pool = target.local?.lake.queries
    if (!pool) throw new Error('needs a local lake')
    const { queryWorkers } = target.local?.lake.config ?? { queryWorkers: 1 }
    // More than every worker the pool may ever have (warm ones and those it adds when all are busy).
    const count = queryWorkers + Math.max(2, queryWorkers) + 1
    // Not asked again when refused for waiting too long (a 503, which the client retries by default).
    const once = hostile.withConfig({ maxRetries: 0 })
    let ended = 0
    const hostileQueries = Array.from({ length: count }, () =>
      failureOf(once.fetch(EXPONENTIAL)).finally(() => {
        ended++
      }),
    )
    await expect.poll(() => pool.load.running + pool.load.waiting, { timeout: 10_000 }).toBe(count)
    // Anonymous, so another caller: its query is answered before any of the hostile ones ends.
    expect(await reader.fetch(STORY_QUERY, { slug: SLUG })).toEqual(article)
    expect(ended).toBe(0)
    for (const failure of await Promise.all(hostileQueries)) {
      expect(failure.details?.type).toMatch(/queryTimeoutError|serviceUnavailableError/)
    }
  })

  it('really stops the work: the lake idles once the hostile queries have been answered', async () => {
    await failureOf(hostile.fetch(EXPONENTIAL))
    const before = process.cpuUsage()
    const wall = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const cpu = process.cpuUsage(before)
    const busy = (cpu.user + cpu.system) / 1000 / (performance.now() - wall)
    // A worker left evaluating would keep a whole core (1.0) busy.
    expect(busy).toBeLessThan(0.5)
  })

  it('refuses query text over the GET cap with 414 (query and listen) and over the POST cap with 413', async () => {
    const config = target.local?.lake.config
    const longGet = `count(*[_id == "${'a'.repeat((config?.maxGetQueryBytes ?? 11 * 1024) + 1)}"])`
    const response = await fetch(
      `${target.url}/v${API_VERSION}/data/query/${target.dataset}?query=${encodeURIComponent(longGet)}`,
      { headers: { authorization: `Bearer ${target.writeToken}` } },
    )
    expect(response.status).toBe(414)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('queryTooLargeError')
    const listen = await fetch(
      `${target.url}/v${API_VERSION}/data/listen/${target.dataset}?query=${encodeURIComponent(longGet)}`,
      { headers: { authorization: `Bearer ${target.writeToken}` } },
    )
    expect(listen.status).toBe(414)
    await listen.body?.cancel()

    const maxPost = config?.maxPostQueryBytes ?? 256 * 1024
    const longPost = `count(*[_id == "${'a'.repeat(maxPost + 1)}"])`
    const failure = await failureOf(hostile.fetch(longPost))
    expect(failure.statusCode).toBe(413)
    expect(failure.details?.type).toBe('queryTooLargeError')
    // Under the cap a long POST query is answered as usual.
    expect(await hostile.fetch(`count(*[_id == "${'a'.repeat(maxPost - 100)}"])`)).toBe(0)
  })

  it('refuses a delete whose query runs too long, changes nothing, and keeps writes flowing meanwhile', async () => {
    const everything = '*{_id, _rev} | order(_id asc)'
    const before = await hostile.fetch(everything, {}, { perspective: 'raw' })
    const deleting = failureOf(hostile.mutate([{ delete: { query: `*[${nested(4)} > 0]` } }]))
    const id = uniqueId('written-meanwhile')
    const writeStarted = performance.now()
    await writer.create({ _id: id, _type: 'marker' })
    expect(performance.now() - writeStarted).toBeLessThan(NORMAL_MS.article)
    const failure = await deleting
    expect(failure.statusCode).toBe(400)
    expect(failure.details?.type).toBe('queryTimeoutError')
    await hostile.delete(id)
    expect(await hostile.fetch(everything, {}, { perspective: 'raw' })).toEqual(before)
  })

  it('deletes by query exactly what the query matches when the commit lands, though a write came while it selected', async () => {
    const type = uniqueId('victim')
    const first = uniqueId('victim')
    const second = uniqueId('victim')
    await hostile.create({ _id: first, _type: type })
    // select() decides its condition once, so the selection takes as long (about half a second
    // here) however many documents match, and the write below lands while it runs.
    const query = `select(${costly(6, 12)} => *[_type == $type])`
    const deleting = hostile.mutate([{ delete: { query, params: { type } } }], { returnDocuments: false })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await writer.create({ _id: second, _type: type })
    const { results } = (await deleting) as { results: Array<{ id: string }> }
    expect(results.map((result) => result.id).sort()).toEqual([first, second].sort())
    expect(await hostile.fetch('*[_type == $type]._id', { type }, { perspective: 'raw' })).toEqual([])
  })

  it('ends a listener whose filter cannot be decided in time with a channelError', async () => {
    const type = uniqueId('listened')
    const events = hostile.listen(
      `*[_type == $type && ${costly(9)}]`,
      { type },
      { events: ['welcome', 'mutation'] },
    )
    const ended = new Promise<Error>((resolve, reject) => {
      const subscription = events.subscribe({
        next: (event) => {
          if (event.type === 'welcome') void writer.create({ _type: type })
          else reject(new Error(`unexpected ${event.type}`))
        },
        error: (error: Error) => {
          subscription.unsubscribe()
          resolve(error)
        },
      })
    })
    const started = performance.now()
    const slowest = await probeWhile(ended)
    expect((await ended).message).toMatch(/timed out/)
    expect(performance.now() - started).toBeLessThan(timeoutMs + MARGIN_MS)
    expectNormalLatency(slowest)
  })

  it('still answers correctly afterwards', async () => {
    expect(await reader.fetch(STORY_QUERY, { slug: SLUG })).toEqual(article)
    expect(await hostile.fetch('count(*[_type == "article"])')).toBe(1)
    expect(await hostile.fetch('*[_type == "article"][0].slug.current')).toBe(SLUG)
  })
})
