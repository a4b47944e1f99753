import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

interface Doc {
  _id: string
  _rev: string
  _createdAt: string
  _updatedAt: string
  [key: string]: unknown
}

const get = (id: string) => target.client().getDocument<Doc>(id)

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode
}

describe('POST /data/mutate: creating', () => {
  it('create sets _rev to the transaction id and stamps _createdAt/_updatedAt', async () => {
    const id = uniqueId('create')
    const before = Date.now()
    const response = await target
      .client()
      .mutate([{ create: { _id: id, _type: 'thing', title: 'One' } }], { returnDocuments: false })
    const stored = await get(id)
    expect(stored).toMatchObject({ _id: id, _type: 'thing', title: 'One', _rev: response.transactionId })
    expect(Date.parse(String(stored?._createdAt))).toBeGreaterThanOrEqual(before - 1000)
    expect(stored?._updatedAt).toBe(stored?._createdAt)
    expect(response.results).toEqual([{ id, operation: 'create' }])
  })

  it('create with a transactionId uses it as the new _rev', async () => {
    const id = uniqueId('rev')
    const transactionId = uniqueId('tx')
    const response = await target
      .client()
      .mutate([{ create: { _id: id, _type: 'thing' } }], { transactionId, returnDocuments: false })
    expect(response.transactionId).toBe(transactionId)
    expect((await get(id))?._rev).toBe(transactionId)
  })

  it('create on an existing id is a 409 and writes nothing', async () => {
    const id = uniqueId('dup')
    await target.client().create({ _id: id, _type: 'thing', title: 'first' })
    const error = await target
      .client()
      .create({ _id: id, _type: 'thing', title: 'second' })
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
    expect((await get(id))?.title).toBe('first')
  })

  it('create without _id generates one; a trailing dot generates one under that path', async () => {
    const made = await target.client().create({ _type: 'thing' })
    expect(made._id).toMatch(/^[A-Za-z0-9]{10,}$/)
    const draft = await target.client().create({ _id: 'drafts.', _type: 'thing' })
    expect(draft._id).toMatch(/^drafts\.[A-Za-z0-9]{10,}$/)
  })

  it('createIfNotExists leaves an existing document alone; createOrReplace replaces it but keeps _createdAt', async () => {
    const id = uniqueId('cine')
    await target.client().createIfNotExists({ _id: id, _type: 'thing', v: 1 })
    const first = await get(id)
    await target.client().createIfNotExists({ _id: id, _type: 'thing', v: 2 })
    expect((await get(id))?.v).toBe(1)
    await target.client().createOrReplace({ _id: id, _type: 'thing', w: 3 })
    const replaced = await get(id)
    expect(replaced).toMatchObject({ w: 3 })
    expect(replaced).not.toHaveProperty('v')
    expect(replaced?._createdAt).toBe(first?._createdAt)
    expect(replaced?._rev).not.toBe(first?._rev)
  })

  it('autoGenerateArrayKeys adds _key to array objects', async () => {
    const id = uniqueId('keys')
    await target.client().create(
      { _id: id, _type: 'thing', items: [{ a: 1 }, { _key: 'k', a: 2 }] },
      {
        autoGenerateArrayKeys: true,
      },
    )
    const items = (await get(id))?.items as Array<{ _key: string }>
    expect(items[0]?._key).toMatch(/\w+/)
    expect(items[1]?._key).toBe('k')
  })

  it('dryRun answers without writing', async () => {
    const id = uniqueId('dry')
    const response = await target
      .client()
      .mutate([{ create: { _id: id, _type: 'thing' } }], { dryRun: true, returnDocuments: false })
    expect(response.results).toEqual([{ id, operation: 'create' }])
    expect(await get(id)).toBeUndefined()
  })
})

describe('POST /data/mutate: patching', () => {
  it('applies set, setIfMissing, unset, inc and dec', async () => {
    const id = uniqueId('patch')
    await target
      .client()
      .create({ _id: id, _type: 'thing', count: 10, keep: 'k', drop: 'd', nested: { a: 1 } })
    await target
      .client()
      .patch(id)
      .set({ 'nested.b': 2, title: 'T' })
      .setIfMissing({ keep: 'no', fresh: 'yes' })
      .unset(['drop'])
      .inc({ count: 5 })
      .dec({ count: 2 })
      .commit()
    expect(await get(id)).toMatchObject({
      count: 13,
      keep: 'k',
      fresh: 'yes',
      title: 'T',
      nested: { a: 1, b: 2 },
    })
    expect(await get(id)).not.toHaveProperty('drop')
  })

  it('inserts before, after and replaces array items by _key', async () => {
    const id = uniqueId('insert')
    await target.client().create({
      _id: id,
      _type: 'thing',
      list: [
        { _key: 'a', v: 'a' },
        { _key: 'c', v: 'c' },
      ],
    })
    // One patch holds one insert, so each insert is its own patch.
    await target
      .client()
      .patch(id)
      .insert('after', 'list[_key=="a"]', [{ _key: 'b', v: 'b' }])
      .commit()
    await target
      .client()
      .patch(id)
      .insert('before', 'list[0]', [{ _key: 'z', v: 'z' }])
      .commit()
    await target
      .client()
      .patch(id)
      .insert('replace', 'list[_key=="c"]', [{ _key: 'd', v: 'd' }])
      .commit()
    const list = (await get(id))?.list as Array<{ v: string }>
    expect(list.map((item) => item.v)).toEqual(['z', 'a', 'b', 'd'])
  })

  it('applies diffMatchPatch to strings', async () => {
    const id = uniqueId('dmp')
    await target.client().create({ _id: id, _type: 'thing', body: 'The quick fox' })
    await target
      .client()
      .patch(id)
      .diffMatchPatch({ body: '@@ -1,13 +1,19 @@\n The quick \n+brown \n fox\n' })
      .commit()
    expect((await get(id))?.body).toBe('The quick brown fox')
  })

  it('patch by query patches every match', async () => {
    const type = uniqueId('bulk').replace(/-/g, '_')
    await target
      .client()
      .transaction()
      .create({ _id: uniqueId('b'), _type: type, seen: false })
      .create({ _id: uniqueId('b'), _type: type, seen: false })
      .commit()
    await target.client().mutate([{ patch: { query: `*[_type == "${type}"]`, set: { seen: true } } }])
    expect(await target.client().fetch(`*[_type == "${type}"].seen`)).toEqual([true, true])
  })

  it('ifRevisionID mismatch is a 409 and changes nothing', async () => {
    const id = uniqueId('rev-check')
    await target.client().create({ _id: id, _type: 'thing', v: 1 })
    const current = await get(id)
    await target.client().patch(id).ifRevisionId(String(current?._rev)).set({ v: 2 }).commit()
    const error = await target
      .client()
      .patch(id)
      .ifRevisionId(String(current?._rev))
      .set({ v: 3 })
      .commit()
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
    expect((await get(id))?.v).toBe(2)
  })

  it('patching a missing document fails and writes nothing', async () => {
    const error = await target
      .client()
      .patch(uniqueId('ghost'))
      .set({ v: 1 })
      .commit()
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
  })
})

describe('POST /data/mutate: transactions and deletes', () => {
  it('is all or nothing: one failing mutation leaves nothing written', async () => {
    const fresh = uniqueId('atomic')
    const existing = uniqueId('atomic-existing')
    await target.client().create({ _id: existing, _type: 'thing', v: 1 })
    const error = await target
      .client()
      .transaction()
      .create({ _id: fresh, _type: 'thing' })
      .patch(existing, (patch) => patch.set({ v: 2 }))
      .create({ _id: existing, _type: 'thing' })
      .commit()
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
    expect(await get(fresh)).toBeUndefined()
    expect((await get(existing))?.v).toBe(1)
  })

  it('deletes by id and by query', async () => {
    const type = uniqueId('gone').replace(/-/g, '_')
    const one = uniqueId('del')
    await target
      .client()
      .transaction()
      .create({ _id: one, _type: type })
      .create({ _id: uniqueId('del'), _type: type })
      .create({ _id: uniqueId('del'), _type: type })
      .commit()
    const byId = await target.client().delete(one, { returnDocuments: false })
    expect(byId.results).toEqual([{ id: one, operation: 'delete' }])
    await target.client().delete({ query: `*[_type == "${type}"]` })
    expect(await target.client().fetch(`count(*[_type == "${type}"])`)).toBe(0)
  })

  it('applies patch and delete by query in order: each query sees the earlier mutations of its transaction', async () => {
    const type = uniqueId('ordered').replace(/-/g, '_')
    const stored = uniqueId('ordered-stored')
    const created = uniqueId('ordered-created')
    const deleted = uniqueId('ordered-deleted')
    await target.client().create({ _id: stored, _type: type, seen: false })
    await target.client().create({ _id: deleted, _type: type, seen: false })
    const mutations = [
      { create: { _id: created, _type: type, seen: false } },
      { create: { _type: type, seen: false } },
      { delete: { id: deleted } },
      { patch: { query: `*[_type == "${type}"]`, set: { seen: true } } },
      { patch: { query: `*[_type == "${type}" && seen]`, inc: { passes: 1 }, setIfMissing: { passes: 0 } } },
    ]
    const response = await target.client().mutate(mutations as never, { returnDocuments: false })
    const generated = response.results[1]?.id
    const seen = await target.client().fetch(`*[_type == "${type}"] | order(_id) {_id, seen, passes}`)
    expect(seen).toEqual(
      [stored, created, String(generated)].sort().map((_id) => ({ _id, seen: true, passes: 1 })),
    )
    await target
      .client()
      .mutate([
        { create: { _id: uniqueId('ordered-late'), _type: type } },
        { delete: { query: `*[_type == "${type}"]` } },
      ])
    expect(await target.client().fetch(`count(*[_type == "${type}"])`)).toBe(0)
  })

  it('returns ids and, when asked, documents', async () => {
    const id = uniqueId('ret')
    const response = await target
      .client()
      .mutate([{ create: { _id: id, _type: 'thing', v: 1 } }], { returnDocuments: true, returnFirst: false })
    expect(response).toMatchObject([{ _id: id, v: 1 }])
  })
})
