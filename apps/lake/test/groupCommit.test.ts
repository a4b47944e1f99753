import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommittedTransaction } from '../src/store/types.ts'
import { startTarget, type Target, uniqueId } from './harness.ts'

/*
 * Group commit: mutations that arrive together share one SQLite commit, yet each is answered only
 * once it is on disk, applies whole, and takes its place in one order that everyone sees.
 */

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

interface Counter {
  value: number
}

describe('concurrent writers (promise: grouped, each still atomic, ordered and durable when answered)', () => {
  it('32 transactions at once, each bumping one counter and creating its own document: none lost, one order', async () => {
    const counter = uniqueId('counter')
    const prefix = uniqueId('grouped')
    await target.client().create({ _id: counter, _type: 'groupCounter', value: 0 })
    const seen: number[] = []
    let welcomed: () => void = () => {}
    const listening = new Promise<void>((resolve) => {
      welcomed = resolve
    })
    const subscription = target
      .client()
      .listen('*[_id == $id]', { id: counter }, {
        includeResult: true,
        events: ['welcome', 'mutation'],
      } as never)
      .subscribe((event) => {
        if ((event as { type: string }).type === 'welcome') welcomed()
        const value = (event as { result?: Counter }).result?.value
        if (value !== undefined) seen.push(value)
      })
    try {
      // The writes start once the listener is live: a loaded machine can take longer than any
      // fixed pause to open the stream, and the events before it would be missed, not lost.
      await listening
      await Promise.all(
        Array.from({ length: 32 }, (_, index) =>
          target
            .client()
            .transaction()
            .patch(counter, (patch) => patch.inc({ value: 1 }))
            .create({ _id: `${prefix}-${index}`, _type: 'groupedDoc', index })
            .commit(),
        ),
      )
      // Answered means on disk and readable: every write is there the moment the last one answered.
      expect((await target.client().getDocument<Counter>(counter))?.value).toBe(32)
      expect(
        await target.client().fetch('count(*[_type == "groupedDoc" && _id match $prefix])', {
          prefix: `${prefix}*`,
        }),
      ).toBe(32)
      // Every event arrives, in order; under a loaded test run the listener's filter (evaluated in a
      // query worker per event) may take longer than poll's default second to catch up.
      await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(32)
      expect(seen).toEqual(Array.from({ length: 32 }, (_, index) => index + 1))
    } finally {
      subscription.unsubscribe()
    }
  })

  it('a transaction that fails among them fails alone, and writes nothing', async () => {
    const prefix = uniqueId('alone')
    await target.client().create({ _id: `${prefix}-taken`, _type: 'aloneDoc', state: 'first' })
    const outcomes = await Promise.all([
      ...Array.from({ length: 10 }, (_, index) =>
        target
          .client()
          .create({ _id: `${prefix}-${index}`, _type: 'aloneDoc' })
          .then(() => 'ok'),
      ),
      target
        .client()
        .transaction()
        .create({ _id: `${prefix}-would-be`, _type: 'aloneDoc' })
        .create({ _id: `${prefix}-taken`, _type: 'aloneDoc', state: 'second' })
        .commit()
        .then(
          () => 'ok',
          (error: { statusCode?: number }) => error.statusCode,
        ),
    ])
    expect(outcomes).toEqual([...Array.from({ length: 10 }, () => 'ok'), 409])
    expect(await target.client().getDocument(`${prefix}-would-be`)).toBeUndefined()
    expect((await target.client().getDocument<{ state: string }>(`${prefix}-taken`))?.state).toBe('first')
    expect(
      await target
        .client()
        .fetch('count(*[_type == "aloneDoc" && _id match $prefix])', { prefix: `${prefix}*` }),
    ).toBe(11)
  })

  it.runIf(!process.env.LAKE_TARGET_URL)(
    'writes accepted in one turn of the event loop share one SQLite commit, and nobody reads them before it',
    async () => {
      const dataset = target.local?.lake.dataset(target.dataset)
      if (!dataset) throw new Error('no local lake')
      const commits: CommittedTransaction[][] = []
      const { storage } = dataset
      const commit = storage.commit.bind(storage)
      storage.commit = (transactions) => {
        commits.push(transactions)
        commit(transactions)
      }
      try {
        const prefix = uniqueId('turn')
        const writes = Array.from({ length: 16 }, (_, index) =>
          dataset.mutate([{ create: { _id: `${prefix}-${index}`, _type: 'turnDoc' } }], { identity: 'test' }),
        )
        expect(storage.get(`${prefix}-0`)).toBeUndefined()
        const outcomes = await Promise.all(writes)
        expect(commits).toHaveLength(1)
        expect(commits[0]?.map((transaction) => transaction.id)).toEqual(
          outcomes.map(({ transaction }) => transaction.id),
        )
        expect(storage.get(`${prefix}-15`)).toBeDefined()
      } finally {
        storage.commit = commit
      }
    },
  )
})
