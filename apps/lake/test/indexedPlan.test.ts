import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { planWithIndexes } from '../src/groq/indexedPlan.ts'
import { DocumentView } from '../src/groq/view.ts'
import type { SanityDocument } from '../src/store/types.ts'

const doc = (id: string, type: string, extra: Record<string, unknown> = {}): SanityDocument => ({
  _id: id,
  _type: type,
  _rev: 'r',
  _createdAt: '2026-01-01T00:00:00Z',
  _updatedAt: '2026-01-01T00:00:00Z',
  ...extra,
})

const docs = [
  doc('a1', 'article', { title: 'One', author: { _ref: 'p1' }, rank: 2 }),
  doc('a2', 'article', { title: 'Two', author: { _ref: 'p2' }, rank: 1 }),
  doc('p1', 'person', { name: 'Ann' }),
  doc('p2', 'person', { name: 'Bob' }),
  doc('x1', 'other', { title: 'One' }),
]

const QUERIES = [
  '*[_type == "article"]{title, "author": author->name} | order(rank asc)',
  '*[_type == "article" && title == "One"][0]',
  '*["article" == _type]._id',
  '*[_id == "p2"][0].name',
  '*[_id in ["p1", "a2", "missing"]]._id',
  '*[_type in ["person", "other"]]._id',
  '*[_type == "article" || _type == "person"]._id',
  '*[_type == "article" || title == "One"]._id',
  '*[(_type == "person")]{name, "articles": *[_type == "article" && author._ref == ^._id].title}',
  'count(*)',
  '*[title == "One"]._id',
  '*[_type == $type]._id',
]

describe('index-backed query plans', () => {
  it.each(QUERIES)('gives the same result as plain groq-js: %s', async (query) => {
    const params = { type: 'person' }
    const plain = await (await evaluate(parse(query, { params }), { dataset: docs, params })).get()
    const view = new DocumentView(docs)
    const planned = planWithIndexes(parse(query, { params }), view, new Set())
    const indexed = await (await evaluate(planned, { dataset: docs, params })).get()
    expect(indexed).toEqual(plain)
  })

  it('narrows a type filter to that type, and records what the query depends on', () => {
    const view = new DocumentView(docs)
    const dependsOn = new Set<string>()
    const planned = planWithIndexes(
      parse('*[_type == "person" && name == "Ann"]'),
      view,
      dependsOn,
    ) as unknown as {
      base: { type: string; value: SanityDocument[] }
    }
    expect(planned.base.type).toBe('Value')
    expect(planned.base.value.map((candidate) => candidate._id)).toEqual(['p1', 'p2'])
    expect([...dependsOn]).toEqual(['type:person'])

    const scan = new Set<string>()
    planWithIndexes(parse('*[title == "One"]'), view, scan)
    expect([...scan]).toEqual(['*'])
  })
})
