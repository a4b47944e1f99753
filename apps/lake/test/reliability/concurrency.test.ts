import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from '../harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

describe('concurrency (promise: optimistic locking loses nothing)', () => {
  it('two writers patching one revision with ifRevisionID: exactly one wins, the other gets 409', async () => {
    const id = uniqueId('contended')
    await target.client().create({ _id: id, _type: 'counter', value: 0, log: [] })
    for (let round = 0; round < 10; round++) {
      const current = await target.client().getDocument(id)
      const attempts = ['alice', 'bob'].map((writer) =>
        target
          .client()
          .patch(id)
          .ifRevisionId(String(current?._rev))
          .inc({ value: 1 })
          .append('log', [{ _key: `${writer}-${round}`, writer }])
          .commit()
          .then(
            () => 'won',
            (error: { statusCode?: number }) => error.statusCode,
          ),
      )
      const outcomes = await Promise.all(attempts)
      expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1)
      expect(outcomes.filter((outcome) => outcome === 409)).toHaveLength(1)
    }
    const final = await target.client().getDocument<{ value: number; log: unknown[] }>(id)
    expect(final?.value).toBe(10)
    expect(final?.log).toHaveLength(10)
  })

  it('50 parallel writers to different documents all land', async () => {
    const prefix = uniqueId('parallel')
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        target.client().create({ _id: `${prefix}-${index}`, _type: 'parallelDoc', index }),
      ),
    )
    expect(results).toHaveLength(50)
    expect(
      await target
        .client()
        .fetch('count(*[_type == "parallelDoc" && _id match $prefix])', { prefix: `${prefix}*` }),
    ).toBe(50)
  })
})
