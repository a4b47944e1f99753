import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
const marker = uniqueId('draft-marker')
const id = uniqueId('query-doc')

beforeAll(async () => {
  target = await startTarget()
  await target
    .client()
    .transaction()
    .create({ _id: id, _type: 'contractPerson', name: 'Published name', rank: 2 })
    .create({ _id: `drafts.${id}`, _type: 'contractPerson', name: marker, rank: 2 })
    .create({ _id: uniqueId('query-doc'), _type: 'contractPerson', name: 'Other', rank: 1 })
    .commit()
})
afterAll(() => target.close())

describe('GET/POST /data/query', () => {
  it('evaluates GROQ with parameters', async () => {
    const names = await target.client().fetch<string[]>('*[_type == $type] | order(rank asc).name', {
      type: 'contractPerson',
    })
    expect(names).toEqual(['Other', 'Published name'])
  })

  it('answers with {query, result, ms} and honours returnQuery=false', async () => {
    const query = encodeURIComponent('count(*[_type == "contractPerson"])')
    const base = `${target.url}/v2025-02-19/data/query/${target.dataset}?query=${query}`
    const headers = { authorization: `Bearer ${target.writeToken}` }
    const full = (await (await fetch(base, { headers })).json()) as Record<string, unknown>
    expect(full).toMatchObject({ query: 'count(*[_type == "contractPerson"])', result: 2 })
    expect(typeof full.ms).toBe('number')
    const lean = (await (await fetch(`${base}&returnQuery=false`, { headers })).json()) as Record<
      string,
      unknown
    >
    expect(lean).not.toHaveProperty('query')
    expect(lean.result).toBe(2)
  })

  it('answers a long query sent as POST the same as GET', async () => {
    const query = `*[_id == $id][0].name ${' '.repeat(12_000)}`
    const viaPost = await target.client().fetch(query, { id })
    expect(viaPost).toBe('Published name')
  })

  it('never shows a draft under the published perspective (the default)', async () => {
    const all = await target.client().fetch('*[_type == "contractPerson"].name')
    expect(all).not.toContain(marker)
    expect(await target.client().fetch('*[_id == $id][0].name', { id }, { perspective: 'published' })).toBe(
      'Published name',
    )
  })

  it('overlays drafts under the drafts perspective, keeping the published id', async () => {
    const doc = await target
      .client()
      .fetch('*[_id == $id][0]{_id, _originalId, name}', { id }, { perspective: 'drafts' })
    expect(doc).toEqual({ _id: id, _originalId: `drafts.${id}`, name: marker })
    const previewDrafts = await target
      .client()
      .fetch('*[_id == $id][0].name', { id }, { perspective: 'previewDrafts' })
    expect(previewDrafts).toBe(marker)
    expect(
      await target.client().fetch('count(*[_type == "contractPerson"])', {}, { perspective: 'drafts' }),
    ).toBe(2)
  })

  it('shows drafts and published side by side under raw', async () => {
    const ids = await target.client().fetch<string[]>(
      '*[_id in [$id, $draft]]._id',
      { id, draft: `drafts.${id}` },
      {
        perspective: 'raw',
      },
    )
    expect(ids.sort()).toEqual([`drafts.${id}`, id].sort())
  })

  it('gives null and [] for documents that do not exist, never 404', async () => {
    expect(await target.client().fetch('*[_id == "does-not-exist"][0]')).toBeNull()
    expect(await target.client().fetch('*[_type == "no-such-type"]')).toEqual([])
  })

  it('rejects malformed GROQ with a 400 queryParseError', async () => {
    const error = await target
      .client()
      .fetch('*[_type == ]')
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ statusCode: 400 })
    const body = (error as { response: { body: { error: Record<string, unknown> } } }).response.body
    expect(body.error).toMatchObject({ type: 'queryParseError', query: '*[_type == ]' })
    expect(typeof body.error.description).toBe('string')
    expect(typeof body.error.start).toBe('number')
  })

  it('rejects an unknown perspective name', async () => {
    const response = await fetch(
      `${target.url}/v2025-02-19/data/query/${target.dataset}?query=1&perspective=${encodeURIComponent('bad name!')}`,
    )
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      'invalidPerspectiveError',
    )
  })

  it('dereferences references', async () => {
    const authorId = uniqueId('author')
    const bookId = uniqueId('book')
    await target
      .client()
      .transaction()
      .create({ _id: authorId, _type: 'contractAuthor', name: 'James Baldwin' })
      .create({ _id: bookId, _type: 'contractBook', author: { _type: 'reference', _ref: authorId } })
      .commit()
    expect(await target.client().fetch('*[_id == $bookId][0].author->name', { bookId })).toBe('James Baldwin')
  })
})

describe('GET /data/doc', () => {
  it('returns documents and the ids it omitted', async () => {
    const response = await fetch(`${target.url}/v2025-02-19/data/doc/${target.dataset}/${id},missing-id`, {
      headers: { authorization: `Bearer ${target.writeToken}` },
    })
    const body = (await response.json()) as { documents: Array<{ _id: string }>; omitted: unknown[] }
    expect(body.documents.map((doc) => doc._id)).toEqual([id])
    expect(body.omitted).toEqual([{ id: 'missing-id', reason: 'existence' }])
    expect(await target.client().getDocument(id)).toMatchObject({ _id: id, name: 'Published name' })
  })
})
