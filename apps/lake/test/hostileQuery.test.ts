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

let target: Target
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

/** The lake in this process: these tests watch which jobs hold its query workers. */
function localLake() {
  const lake = target.local?.lake
  if (!lake) throw new Error('needs a local lake')
  return lake
}
const queryPool = () => localLake().queries

/**
 * Another caller's requests (the lake's /health, the story query with the same answer as before)
 * are answered while the hostile work still runs, i.e. without waiting for it to end. An order,
 * not a latency: however slow the machine, they must not need the hostile work out of the way.
 */
async function expectAnsweredWhile(stillRunning: () => boolean): Promise<void> {
  expect((await fetch(`${target.url}/health`)).status).toBe(200)
  expect(await reader.fetch(STORY_QUERY, { slug: SLUG })).toEqual(article)
  expect(stillRunning(), 'answered only once the hostile work had ended').toBe(true)
}

/**
 * Runs `write` on the lake's thread in the first turn of its event loop that finds a job in a
 * query worker: that job's answer can only be taken in on a later turn, so the write lands while
 * the job runs, however fast or slow the worker is. Fails if `settled()` says the job's request
 * ended before it was seen.
 */
function writeWhileAJobRuns(write: () => void, settled: () => boolean): Promise<void> {
  const pool = queryPool()
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pool.load.running > 0) {
        write()
        resolve()
      } else if (settled()) reject(new Error('the request ended before its job was seen in a worker'))
      else setImmediate(check)
    }
    check()
  })
}

beforeAll(async () => {
  target = await startTarget({ seed: true })
  hostile = target.client()
  reader = target.client({ anonymous: true })
  writer = target.client()
  article = await reader.fetch(STORY_QUERY, { slug: SLUG })
  expect(article).toMatchObject({ title: expect.any(String), slides: expect.any(Array) })
})
afterAll(() => target.close())

describe('hostile GROQ', () => {
  it('stops the exponential query and a 40k-term chain with a Sanity-shaped error at the timeout; others are answered while they run', async () => {
    const pool = queryPool()
    let ended = 0
    const failures = Promise.all(
      [EXPONENTIAL, CHAIN].map((query) =>
        failureOf(hostile.fetch(query)).finally(() => {
          ended++
        }),
      ),
    )
    // Both in workers, the second in one the pool adds beside the warm ones.
    await expect.poll(() => pool.load.running, { timeout: 10_000 }).toBe(2)
    await expectAnsweredWhile(() => ended === 0)
    for (const failure of await failures) {
      // Stopped by the lake's own timeout, not left to run on: that is what answers queryTimeoutError.
      expect(failure.statusCode).toBe(400)
      expect(failure.details).toMatchObject({ type: 'queryTimeoutError', description: expect.any(String) })
    }
    // Answered, they hold no worker any more.
    expect(pool.load).toEqual({ running: 0, waiting: 0 })
  })

  it("one caller's hostile queries cannot take every worker: another caller is answered while they all still run", async () => {
    const pool = queryPool()
    const { queryWorkers } = localLake().config
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
    let deleteEnded = false
    const deleting = failureOf(hostile.mutate([{ delete: { query: `*[${nested(4)} > 0]` } }])).finally(() => {
      deleteEnded = true
    })
    await expect.poll(() => queryPool().load.running, { timeout: 10_000 }).toBe(1)
    const id = uniqueId('written-meanwhile')
    await writer.create({ _id: id, _type: 'marker' })
    // Acknowledged while the delete still selects: a write never waits for a selection.
    expect(deleteEnded).toBe(false)
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
    expect(queryPool().load).toEqual({ running: 0, waiting: 0 })
    // A condition of some cost (a small fraction of the timeout however loaded the machine), so
    // the selection's answer comes turns after the write below has landed.
    const query = `select(${costly(5)} => *[_type == $type])`
    let deleteEnded = false
    const deleting = hostile
      .mutate([{ delete: { query, params: { type } } }], { returnDocuments: false })
      .finally(() => {
        deleteEnded = true
      })
    // The write lands while the delete's selection is in its worker (the only job there is).
    const dataset = localLake().dataset(target.dataset)
    await writeWhileAJobRuns(
      () => dataset.commit([{ create: { _id: second, _type: type } }], { identity: 'written-meanwhile' }),
      () => deleteEnded,
    )
    const { results } = (await deleting) as { results: Array<{ id: string }> }
    expect(results.map((result) => result.id).sort()).toEqual([first, second].sort())
    expect(await hostile.fetch('*[_type == $type]._id', { type }, { perspective: 'raw' })).toEqual([])
  })

  it('ends a listener whose filter cannot be decided in time with a channelError; others are answered meanwhile', async () => {
    const type = uniqueId('listened')
    const events = hostile.listen(
      `*[_type == $type && ${costly(9)}]`,
      { type },
      { events: ['welcome', 'mutation'] },
    )
    let listenerEnded = false
    let welcomed: () => void = () => {}
    const welcome = new Promise<void>((resolve) => {
      welcomed = resolve
    })
    const ended = new Promise<Error>((resolve, reject) => {
      const subscription = events.subscribe({
        next: (event) => {
          if (event.type !== 'welcome') return reject(new Error(`unexpected ${event.type}`))
          welcomed()
          void writer.create({ _type: type })
        },
        error: (error: Error) => {
          listenerEnded = true
          subscription.unsubscribe()
          resolve(error)
        },
      })
    })
    // Past the filter's parse (before the welcome): the job in a worker now decides the write's event.
    await welcome
    await expect.poll(() => queryPool().load.running, { timeout: 10_000 }).toBe(1)
    await expectAnsweredWhile(() => !listenerEnded)
    expect((await ended).message).toMatch(/timed out/)
  })

  it('still answers correctly afterwards', async () => {
    expect(await reader.fetch(STORY_QUERY, { slug: SLUG })).toEqual(article)
    expect(await hostile.fetch('count(*[_type == "article"])')).toBe(1)
    expect(await hostile.fetch('*[_type == "article"][0].slug.current')).toBe(SLUG)
  })
})
