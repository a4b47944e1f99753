import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { planWithIndexes } from '../src/groq/indexedPlan.ts'
import { typeKey } from '../src/groq/syncTags.ts'
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

// Deliberately not in dataset order, so a plan that keeps input or term order shows.
const docs = [
  doc('x1', 'other', { title: 'One' }),
  doc('a1', 'article', { title: 'One', author: { _ref: 'p1' }, rank: 2 }),
  doc('a2', 'article', { title: 'Two', author: { _ref: 'p2' }, rank: 1 }),
  doc('p1', 'person', { name: 'Ann' }),
  doc('p2', 'person', { name: 'Bob' }),
  doc('c', 't1'),
  doc('a', 't2'),
  doc('b', 't1'),
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
  '*[_id == "c" || _id == "a"]._id',
  '*[_id == "c" || _id == "a"][0]._id',
  '*[_type == "t2" || _type == "t1"]._id',
  '*[_type in ["t2", "t1", "t2"]]._id',
  '*[_id in $ids]._id',
  '*[_id in $ids || _type == "t1"]._id',
  '*[(_id in $ids || _type == "t2") && _type != "other"]._id',
  '*[_id == "missing" || _id in $ids][0..1]._id',
  '*[_type == null]._id',
  '*[_id in ["a", 1, null]]._id',
]

describe('index-backed query plans', () => {
  it.each(QUERIES)('gives the same result as plain groq-js: %s', async (query) => {
    const params = { type: 'person', ids: ['c', 'a', 'a'] }
    const view = new DocumentView(docs)
    const dataset = view.documents
    const plain = await (await evaluate(parse(query, { params }), { dataset, params })).get()
    const planned = planWithIndexes(parse(query, { params }), view, new Set())
    const indexed = await (await evaluate(planned, { dataset, params })).get()
    expect(indexed).toEqual(plain)
  })

  it('keeps dataset order and drops repeats, whatever the order of the terms', async () => {
    const view = new DocumentView(docs)
    const run = async (query: string, params: Record<string, unknown> = {}) => {
      const planned = planWithIndexes(parse(query, { params }), view, new Set())
      return (await evaluate(planned, { dataset: view.documents, params })).get()
    }
    expect(await run('*[_id == "c" || _id == "a"]._id')).toEqual(['a', 'c'])
    expect(await run('*[_type == "t2" || _type == "t1"]._id')).toEqual(['a', 'b', 'c'])
    expect(await run('*[_id in $ids]._id', { ids: ['c', 'a', 'a'] })).toEqual(['a', 'c'])
  })

  it('throws where a scan would, even when no document is a candidate', async () => {
    const query = '*[_type == "nothing" && geo::latLng(1, 2) == null]'
    const view = new DocumentView(docs)
    const all = async (tree: ReturnType<typeof parse>) =>
      (await evaluate(tree, { dataset: view.documents })).get()
    await expect(all(parse(query))).rejects.toThrow('not implemented')
    await expect(all(planWithIndexes(parse(query), view, new Set()))).rejects.toThrow('not implemented')
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
    expect([...dependsOn]).toEqual([typeKey('person')])

    const scan = new Set<string>()
    planWithIndexes(parse('*[title == "One"]'), view, scan)
    expect([...scan]).toEqual(['*'])
  })
})
