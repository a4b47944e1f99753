import { mkdirSync, writeFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_VERSION, startTarget, type Target } from '../harness.ts'

let target: Target
let tried = 0
let imageFile = ''
const tally: Record<string, number> = {}

beforeAll(async () => {
  target = await startTarget({ seed: true })
  const url = await target.client().fetch<string>('*[_type == "sanity.imageAsset"][0].url')
  imageFile = new URL(url).pathname
})
afterAll(async () => {
  mkdirSync('test-results', { recursive: true })
  writeFileSync('test-results/fuzz-inputs.txt', `${JSON.stringify({ tried, ...tally }, null, 2)}\n`)
  console.log(`fuzz: ${tried} hostile inputs tried ${JSON.stringify(tally)}`)
  await target.close()
})

async function digest(): Promise<string> {
  const docs = await target.client().fetch('*[] | order(_id)', {}, { perspective: 'raw' })
  return JSON.stringify(docs)
}

interface Answer {
  status: number
  body: unknown
}

async function send(family: string, path: string, init: RequestInit = {}): Promise<Answer> {
  tried++
  tally[family] = (tally[family] ?? 0) + 1
  const response = await fetch(`${target.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${target.writeToken}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // Not JSON: the assertion below reports it.
  }
  return { status: response.status, body }
}

function expectSanityError(answer: Answer): void {
  // Bodies can be image bytes: keep failure messages readable.
  const shown = JSON.stringify(answer.body).slice(0, 300)
  expect(answer.status, shown).toBeGreaterThanOrEqual(400)
  expect(answer.status, shown).toBeLessThan(500)
  const error = (answer.body as { error?: { description?: unknown; type?: unknown } }).error
  expect(typeof error?.description).toBe('string')
  expect(typeof error?.type).toBe('string')
}

const post = (family: string, path: string, body: string) =>
  send(family, `/v${API_VERSION}${path}`, { method: 'POST', body })

const hostileId = fc.oneof(
  fc.constantFrom('../etc/passwd', '..', '.', 'a/b', 'a b', '%2e%2e', '\u0000', 'ü🙂', '-leading', ''),
  fc.string({ minLength: 129, maxLength: 400 }),
  fc
    .string()
    .filter((id) => !/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$/.test(id) || id.includes('..') || id.endsWith('.')),
)

describe('bad input at scale (promise: a hostile request is a 4xx, the lake keeps serving, data is unchanged)', () => {
  it('malformed GROQ', async () => {
    const before = await digest()
    const malformed = fc.oneof(
      fc.constantFrom(
        '*[',
        '*[_type ==]',
        '{',
        '*[_type == "a"]{',
        'count(',
        '*|order(',
        '$',
        '*[@[',
        '"unterminated',
        '->',
      ),
      fc.integer({ min: 200, max: 3000 }).map((depth) => `${'('.repeat(depth)}1${')'.repeat(depth - 1)}`),
      fc
        .string()
        .filter((text) => !text.includes(']'))
        .map((text) => `*[${text}`),
    )
    await fc.assert(
      fc.asyncProperty(malformed, async (query) => {
        expectSanityError(
          await send('groq', `/v${API_VERSION}/data/query/production?query=${encodeURIComponent(query)}`),
        )
      }),
      { numRuns: 150 },
    )
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (query) => {
        const answer = await send(
          'groq-any',
          `/v${API_VERSION}/data/query/production?query=${encodeURIComponent(query)}`,
        )
        expect(
          answer.status === 200 || (answer.status >= 400 && answer.status < 500),
          JSON.stringify(answer.body),
        ).toBe(true)
        if (answer.status !== 200) expectSanityError(answer)
      }),
      { numRuns: 150 },
    )
    expect(await digest()).toBe(before)
  })

  it('malformed JSON, mutation and action bodies, deep nesting, odd ids', async () => {
    const before = await digest()
    const badMutation = fc.oneof(
      fc.record({ explode: fc.jsonValue() }),
      fc.record({ create: fc.record({ _id: hostileId, _type: fc.string() }) }),
      fc.record({
        create: fc.dictionary(
          fc.string().filter((key) => key !== '_type'),
          fc.jsonValue(),
        ),
      }),
      fc.record({ patch: fc.record({ id: hostileId, set: fc.jsonValue() }) }),
      fc.record({ patch: fc.record({ set: fc.object() }) }),
      fc.record({ delete: fc.record({ id: hostileId }) }),
      fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(badMutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        expectSanityError(await post('mutation', '/data/mutate/production', JSON.stringify({ mutations })))
      }),
      { numRuns: 200 },
    )
    const badAction = fc.oneof(
      fc.record({ actionType: fc.string(), publishedId: fc.string() }),
      fc.record({
        actionType: fc.constant('sanity.action.document.publish'),
        draftId: hostileId,
        publishedId: hostileId,
      }),
      fc.record({
        actionType: fc.constant('sanity.action.document.create'),
        publishedId: hostileId,
        attributes: fc.jsonValue(),
      }),
      fc.record({
        actionType: fc.constant('sanity.action.document.edit'),
        draftId: hostileId,
        publishedId: fc.constant('x'),
        patch: fc.jsonValue(),
      }),
      // Release actions on releases that are not there (or not valid names), with junk fields.
      fc.record({
        actionType: fc.constantFrom(
          ...['edit', 'publish', 'archive', 'unarchive', 'schedule', 'unschedule', 'delete'].map(
            (name) => `sanity.action.release.${name}`,
          ),
        ),
        releaseId: fc.oneof(hostileId, fc.constant('rNotThere')),
        patch: fc.jsonValue(),
        publishAt: fc.jsonValue(),
      }),
      fc.record({
        actionType: fc.constantFrom('sanity.action.release.create', 'sanity.action.release.import'),
        releaseId: fc.oneof(hostileId, fc.constant('rFuzzed')),
        metadata: fc
          .jsonValue()
          .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
        attributes: fc
          .jsonValue()
          .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(badAction, { minLength: 1, maxLength: 3 }), async (actions) => {
        expectSanityError(await post('action', '/data/actions/production', JSON.stringify({ actions })))
      }),
      { numRuns: 150 },
    )
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        fc.pre(!isJsonObject(text))
        expectSanityError(await post('raw-json', '/data/mutate/production', text))
      }),
      { numRuns: 100 },
    )
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 101, max: 20000 }), async (depth) => {
        const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
        const body = `{"mutations":[{"create":{"_id":"deep","_type":"deep","v":${nested}}}]}`
        expectSanityError(await post('deep-nesting', '/data/mutate/production', body))
      }),
      { numRuns: 30 },
    )
    await fc.assert(
      fc.asyncProperty(
        hostileId.filter((id) => id !== ''),
        async (id) => {
          const answer = await send(
            'odd-id',
            `/v${API_VERSION}/data/doc/production/${encodeURIComponent(id)}`,
          )
          if (answer.status === 200) expect(answer.body).toMatchObject({ documents: [] })
          else expectSanityError(answer)
        },
      ),
      { numRuns: 100 },
    )
    expect(await digest()).toBe(before)
  })

  it('uploads that are not images, and image parameters out of range', async () => {
    const before = await digest()
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 4096 }),
        fc.constantFrom('image/png', 'image/jpeg', 'image/webp'),
        async (bytes, type) => {
          const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...bytes])
          const answer = await send('not-an-image', `/v${API_VERSION}/assets/images/production`, {
            method: 'POST',
            body: png,
            headers: { 'content-type': type },
          })
          expectSanityError(answer)
        },
      ),
      { numRuns: 60 },
    )
    const huge = await send('oversized', `/v${API_VERSION}/assets/images/production`, {
      method: 'POST',
      body: new Uint8Array(64),
      headers: { 'content-type': 'image/png', 'content-length': String(10 * 1024 ** 3) },
    }).catch(() => undefined)
    if (huge) expectSanityError(huge)
    const badParam = fc.oneof(
      fc.record({
        w: fc.oneof(
          fc.integer({ max: 0 }),
          fc.integer({ min: 8193 }),
          fc.constantFrom('abc', '1e9', 'NaN', '-0.5'),
        ),
      }),
      fc.record({ h: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 8193 }), fc.constant('-5')) }),
      fc.record({ q: fc.oneof(fc.integer({ min: 101 }), fc.integer({ max: -1 }), fc.constant('x')) }),
      fc.record({
        fit: fc
          .string({ minLength: 1 })
          .filter((fit) => !['clip', 'crop', 'fill', 'fillmax', 'max', 'scale', 'min'].includes(fit)),
      }),
      fc.record({
        fm: fc
          .string({ minLength: 1 })
          .filter((fm) => !['jpg', 'pjpg', 'png', 'webp', 'avif', 'gif'].includes(fm)),
      }),
      // A rect past the image's edge is clipped to it, as the image CDN does; malformed ones are errors.
      fc.record({ rect: fc.constantFrom('a,b,c,d', '-1,0,10,10', '0,0,0,0', '1,2,3', '1,2,3,4,5') }),
      fc.record({ dpr: fc.oneof(fc.integer({ min: 6 }), fc.constant('0'), fc.constant('x')) }),
      fc.record({
        'fp-x': fc.oneof(fc.double({ min: 1.01, max: 1e6, noNaN: true }), fc.constant('q')),
        crop: fc.constant('focalpoint'),
      }),
    )
    await fc.assert(
      fc.asyncProperty(badParam, async (params) => {
        const search = new URLSearchParams()
        for (const [key, value] of Object.entries(params)) search.set(key, String(value))
        expectSanityError(await send('image-params', `${imageFile}?${search}`))
      }),
      { numRuns: 120 },
    )
    expect(await digest()).toBe(before)
  })

  it('still serves after all of it', async () => {
    expect((await fetch(`${target.url}/health`)).status).toBe(200)
    expect(await target.client().fetch('count(*[_type == "article"])')).toBe(1)
    expect(tried).toBeGreaterThan(1000)
  })
})

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}
