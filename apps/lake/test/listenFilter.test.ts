import { afterAll, describe, expect, it } from 'vitest'
import { ListenFilter } from '../src/groq/listenFilter.ts'
import { QueryPool } from '../src/groq/queryPool.ts'
import type { SanityDocument } from '../src/store/types.ts'

/*
 * A listener's filter decides the events a group commit brings together in shared worker jobs,
 * and still decides each event on its own documents, in the order the events came.
 */

/** The real pool, counting the match jobs it is given. */
class CountingPool extends QueryPool {
  jobs = 0

  override match(query: string, params: Record<string, unknown>, documents: SanityDocument[]) {
    this.jobs++
    return super.match(query, params, documents)
  }
}

const pool = new CountingPool({ size: 1, timeoutMs: 30_000 })
afterAll(() => pool.close())

function doc(id: string, kind: string): SanityDocument {
  return { _id: id, _type: kind, _rev: 'r', _createdAt: '', _updatedAt: '' }
}

interface TestEvent {
  index: number
  documents: SanityDocument[]
}

describe('listen filter', () => {
  it('decides 40 events that arrive at once in two jobs, each on its own documents, in order', async () => {
    const filter = await ListenFilter.open(pool, '*[_type == $kind]', { kind: 'slide' })
    const jobsBefore = pool.jobs
    // Events with no visible document, one, or two (before and after), matching or not.
    const events: TestEvent[] = Array.from({ length: 40 }, (_, index) => {
      const shapes = [
        [],
        [doc(`a${index}`, 'slide')],
        [doc(`b${index}`, 'story')],
        [doc(`c${index}`, 'story'), doc(`c${index}`, 'slide')],
        [doc(`d${index}`, 'story'), doc(`d${index}`, 'story')],
      ]
      return { index, documents: shapes[index % shapes.length] as SanityDocument[] }
    })
    const decided: Array<[number, boolean]> = []
    const allDecided = new Promise<void>((resolve, reject) => {
      const deliver = filter.inOrder((event: TestEvent) => event.documents, {
        decided(event, matches) {
          decided.push([event.index, matches])
          if (decided.length === events.length) resolve()
        },
        fail: reject,
      })
      for (const event of events) deliver(event)
    })
    await allDecided
    const expected = events.map(({ index, documents }): [number, boolean] => [
      index,
      documents.some((document) => document._type === 'slide'),
    ])
    expect(decided).toEqual(expected)
    expect(pool.jobs - jobsBefore).toBe(2)
  })
})
