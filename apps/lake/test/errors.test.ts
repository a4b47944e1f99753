import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { malformedUrl, methodNotAllowed, notFound } from '../src/errors.ts'
import { errorBody } from '../src/http/errors.ts'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

async function post(path: string, body: string | Uint8Array, token = target.writeToken) {
  const response = await fetch(`${target.url}/v2025-02-19${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  })
  return {
    status: response.status,
    body: (await response.json()) as { error?: { type: string; description: string } },
  }
}

describe('bad input gets a Sanity-shaped 4xx and the lake keeps serving', () => {
  const mutate = `/data/mutate/production`

  it.each([
    ['malformed JSON', '{"mutations": [', 400],
    ['an empty body', '', 400],
    ['a body that is not an object', '[1,2,3]', 400],
    ['no mutations', '{"mutations": []}', 400],
    ['an unknown mutation type', '{"mutations": [{"explode": {"id": "x"}}]}', 400],
    [
      'two operations in one mutation',
      '{"mutations": [{"create": {"_type": "a"}, "delete": {"id": "b"}}]}',
      400,
    ],
    ['a document without _type', '{"mutations": [{"create": {"_id": "no-type"}}]}', 400],
    ['a path-traversal id', '{"mutations": [{"create": {"_id": "../etc/passwd", "_type": "a"}}]}', 400],
    ['an over-long id', `{"mutations": [{"create": {"_id": "${'a'.repeat(300)}", "_type": "a"}}]}`, 400],
    ['an unknown patch operation', '{"mutations": [{"patch": {"id": "x", "explode": {}}}]}', 400],
    ['a patch with no target', '{"mutations": [{"patch": {"set": {"a": 1}}}]}', 400],
    [
      'a patch that changes _type',
      '{"mutations": [{"createOrReplace": {"_id": "typed", "_type": "a"}}, {"patch": {"id": "typed", "set": {"_type": "b"}}}]}',
      400,
    ],
  ])('%s', async (_name, body, status) => {
    const response = await post(mutate, body)
    expect(response.status).toBe(status)
    expect(response.body.error?.type).toEqual(expect.any(String))
    expect(response.body.error?.description).toEqual(expect.any(String))
  })

  it('refuses a body over the size limit with 413', async () => {
    const huge = new Uint8Array(11 * 1024 * 1024).fill(32)
    const response = await post(mutate, huge)
    expect(response.status).toBe(413)
  })

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${target.url}/v2025-02-19/no/such/route`)
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('notFoundError')
  })

  it('answers with the body its named factory shapes', async () => {
    const malformed = await fetch(`${target.url}/v2025-02-19/data/doc/production/%E0%A4%A`)
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toEqual(errorBody(malformedUrl()))

    const unknown = await fetch(`${target.url}/v2025-02-19/no/such/route`)
    expect(await unknown.json()).toEqual(errorBody(notFound('No route for GET /v2025-02-19/no/such/route')))

    const wrongMethod = await fetch(`${target.url}/v2025-02-19/data/mutate/production`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${target.writeToken}` },
    })
    expect(wrongMethod.status).toBe(405)
    expect(await wrongMethod.json()).toEqual(errorBody(methodNotAllowed('PUT')))
  })

  it('rejects an invalid dataset name', async () => {
    const response = await fetch(`${target.url}/v2025-02-19/data/query/${encodeURIComponent('../x')}?query=1`)
    expect(response.status).toBe(400)
  })

  it('wrote nothing and still serves after all of the above', async () => {
    // Every dataset holds the lake's own `_.groups.*` from the start; nothing else may be there.
    const count = await target.client().fetch('count(*[!(_id in path("_.**"))])', {}, { perspective: 'raw' })
    expect(count).toBe(0)
    const id = uniqueId('after-errors')
    await target.client().create({ _id: id, _type: 'thing' })
    expect(await target.client().getDocument(id)).toMatchObject({ _id: id })
    expect((await fetch(`${target.url}/health`)).status).toBe(200)
  })
})

describe('the error factories', () => {
  it('sit at the bottom: errors.ts imports nothing, so every layer may throw them', async () => {
    const source = await readFile(new URL('../src/errors.ts', import.meta.url), 'utf8')
    expect(source).not.toMatch(/^\s*import\s/m)
  })
})
