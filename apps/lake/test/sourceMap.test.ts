import { isDeepStrictEqual } from 'node:util'
import type { ClientPerspective, ContentSourceMap, SanityClient } from '@sanity/client'
import { stegaClean } from '@sanity/client/stega'
import { STORY_QUERY } from '@slideshow/sanity/queries'
import { vercelStegaDecode } from '@vercel/stega'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_VERSION, startTarget, type Target, uniqueId } from './harness.ts'

// Content Source Maps (`resultSourceMap`), read back the way @sanity/client and stega read them.

type Mode = true | 'withKeyArraySelector'

let target: Target
let client: SanityClient

beforeAll(async () => {
  target = await startTarget({ seed: true })
  client = target.client()
})
afterAll(() => target.close())

async function fetchMapped(
  query: string,
  params: Record<string, unknown>,
  mode: Mode,
  perspective: ClientPerspective = 'published',
  reader: SanityClient = client,
): Promise<{ result: unknown; resultSourceMap: ContentSourceMap }> {
  const response = await reader.fetch(query, params, {
    resultSourceMap: mode,
    filterResponse: false,
    perspective,
  })
  expect(response.resultSourceMap).toBeDefined()
  return response as unknown as { result: unknown; resultSourceMap: ContentSourceMap }
}

/** What the map says about one result path: the document and the source path, or undefined. */
function sourceOf(map: ContentSourceMap, resultPath: string) {
  const mapping = map.mappings[resultPath]
  if (mapping?.source.type !== 'documentValue') return undefined
  const document = map.documents[mapping.source.document]
  return { _id: document?._id, _type: document?._type, path: map.paths[mapping.source.path] }
}

// A JSONPath reader of its own (not the lake's), for the paths Content Source Maps use:
// `['name']` (with \-escapes), `[3]` and `[?(@._key=='k')]`, the last naming exactly one element.
type Step = string | number | { key: string }

const UNESCAPE: Record<string, string> = { f: '\f', n: '\n', r: '\r', t: '\t' }

function parseJsonPath(path: string): Step[] {
  const steps: Step[] = []
  let at = 1
  if (path[0] !== '$') throw new Error(`not a JSONPath: ${path}`)
  const quoted = (): string => {
    let text = ''
    for (;;) {
      const char = path[at++]
      if (char === undefined) throw new Error(`unterminated quote in ${path}`)
      if (char === "'") return text
      if (char === '\\') {
        const escaped = path[at++] ?? ''
        text += UNESCAPE[escaped] ?? escaped
      } else text += char
    }
  }
  const expect = (text: string) => {
    if (!path.startsWith(text, at)) throw new Error(`expected ${text} at ${at} in ${path}`)
    at += text.length
  }
  while (at < path.length) {
    if (path.startsWith("['", at)) {
      at += 2
      steps.push(quoted())
      expect(']')
    } else if (path.startsWith("[?(@._key=='", at)) {
      at += 12
      steps.push({ key: quoted() })
      expect(')]')
    } else {
      const match = /^\[(\d+)\]/.exec(path.slice(at))
      if (!match?.[1]) throw new Error(`bad step at ${at} in ${path}`)
      steps.push(Number(match[1]))
      at += match[0].length
    }
  }
  return steps
}

function readJsonPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  let value = root
  for (const step of parseJsonPath(path)) {
    if (typeof step === 'string') {
      if (
        typeof value !== 'object' ||
        value === null ||
        Array.isArray(value) ||
        !Object.hasOwn(value, step)
      ) {
        return { found: false }
      }
      value = (value as Record<string, unknown>)[step]
    } else if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return { found: false }
      value = value[step]
    } else {
      if (!Array.isArray(value)) return { found: false }
      const matches = value.filter((item) => (item as { _key?: unknown } | null)?._key === step.key)
      if (matches.length !== 1) return { found: false }
      value = matches[0]
    }
  }
  return { found: true, value }
}

const step = (name: string | number) =>
  typeof name === 'number' ? `[${name}]` : `['${name.replace(/['\\]/g, (char) => `\\${char}`)}']`

describe('resultSourceMap, hand-checked', () => {
  const story = uniqueId('csm-story')
  const ada = uniqueId('csm-ada')
  const bo = uniqueId('csm-bo')
  const storyBody = {
    _type: 'csmStory',
    title: 'Hand title',
    sub: 'Sub text',
    fallback: 'Fallback text',
    slug: { _type: 'slug', current: 'hand-slug' },
    author: { _type: 'reference', _ref: ada },
    people: [
      { _key: 'r1', _type: 'reference', _ref: ada },
      { _key: 'r2', _type: 'reference', _ref: bo },
    ],
    slides: [
      { _key: 's1', heading: 'First' },
      { _key: 's2', heading: 'Second' },
    ],
  }

  beforeAll(async () => {
    await client
      .transaction()
      .create({ _id: ada, _type: 'csmPerson', name: 'Ada' })
      .create({ _id: bo, _type: 'csmPerson', name: 'Bo' })
      .create({ _id: story, ...storyBody })
      .create({ _id: `drafts.${story}`, ...storyBody, title: 'Draft title' })
      .commit()
  })

  it('maps projected fields, `a.b` to its place, and leaves computed values and literals out', async () => {
    const { result, resultSourceMap: map } = await fetchMapped(
      '*[_id == $id][0]{title, "slug": slug.current, "n": count(slides), "lit": "x", "shout": title + "!"}',
      { id: story },
      'withKeyArraySelector',
    )
    expect(result).toEqual({ title: 'Hand title', slug: 'hand-slug', n: 2, lit: 'x', shout: 'Hand title!' })
    expect(sourceOf(map, "$['title']")).toEqual({ _id: story, _type: 'csmStory', path: "$['title']" })
    expect(sourceOf(map, "$['slug']")).toEqual({
      _id: story,
      _type: 'csmStory',
      path: "$['slug']['current']",
    })
    for (const computed of ['n', 'lit', 'shout']) expect(map.mappings[`$['${computed}']`]).toBeUndefined()
    expect(map.documents).toEqual([{ _id: story, _type: 'csmStory' }])
  })

  it('names keyed array elements by key with withKeyArraySelector, by index with true', async () => {
    const query = '*[_id == $id][0]{slides[]{heading}}'
    const keyed = await fetchMapped(query, { id: story }, 'withKeyArraySelector')
    expect(sourceOf(keyed.resultSourceMap, "$['slides'][1]['heading']")?.path).toBe(
      "$['slides'][?(@._key=='s2')]['heading']",
    )
    const indexed = await fetchMapped(query, { id: story }, true)
    expect(sourceOf(indexed.resultSourceMap, "$['slides'][1]['heading']")?.path).toBe(
      "$['slides'][1]['heading']",
    )
  })

  it('maps a result read straight off a document', async () => {
    const title = await fetchMapped('*[_id == $id][0].title', { id: story }, true)
    expect(title.result).toBe('Hand title')
    expect(sourceOf(title.resultSourceMap, '$')).toEqual({
      _id: story,
      _type: 'csmStory',
      path: "$['title']",
    })
    const heading = await fetchMapped(
      '*[_id == $id][0].slides[-1].heading',
      { id: story },
      'withKeyArraySelector',
    )
    expect(sourceOf(heading.resultSourceMap, '$')?.path).toBe("$['slides'][?(@._key=='s2')]['heading']")
  })

  it('maps a whole array read as is, which covers everything in it', async () => {
    const { resultSourceMap: map } = await fetchMapped('*[_id == $id][0]{slides}', { id: story }, true)
    expect(sourceOf(map, "$['slides']")?.path).toBe("$['slides']")
    expect(Object.keys(map.mappings)).toEqual(["$['slides']"])
  })

  it('maps dereferenced fields to the referenced documents', async () => {
    const { result, resultSourceMap: map } = await fetchMapped(
      '*[_id == $id][0]{author->{name}, "people": people[]->{name}, "first": people[0]->name}',
      { id: story },
      'withKeyArraySelector',
    )
    expect(result).toEqual({
      author: { name: 'Ada' },
      people: [{ name: 'Ada' }, { name: 'Bo' }],
      first: 'Ada',
    })
    expect(sourceOf(map, "$['author']['name']")).toEqual({ _id: ada, _type: 'csmPerson', path: "$['name']" })
    expect(sourceOf(map, "$['people'][1]['name']")).toEqual({
      _id: bo,
      _type: 'csmPerson',
      path: "$['name']",
    })
    expect(sourceOf(map, "$['first']")).toEqual({ _id: ada, _type: 'csmPerson', path: "$['name']" })
  })

  it('maps coalesce to the argument that gave the value', async () => {
    const { result, resultSourceMap: map } = await fetchMapped(
      '*[_id == $id][0]{"a": coalesce(missing, fallback), "b": coalesce(sub, fallback), "c": coalesce(missing, "literal")}',
      { id: story },
      'withKeyArraySelector',
    )
    expect(result).toEqual({ a: 'Fallback text', b: 'Sub text', c: 'literal' })
    expect(sourceOf(map, "$['a']")?.path).toBe("$['fallback']")
    expect(sourceOf(map, "$['b']")?.path).toBe("$['sub']")
    expect(map.mappings["$['c']"]).toBeUndefined()
  })

  it('names the draft by its drafts. id under the drafts perspective, and never maps the rewritten _id', async () => {
    const { result, resultSourceMap: map } = await fetchMapped(
      '*[_id == $id][0]{_id, title}',
      { id: story },
      'withKeyArraySelector',
      'drafts',
    )
    expect(result).toEqual({ _id: story, title: 'Draft title' })
    expect(sourceOf(map, "$['title']")).toEqual({
      _id: `drafts.${story}`,
      _type: 'csmStory',
      path: "$['title']",
    })
    expect(map.mappings["$['_id']"]).toBeUndefined()
    const whole = await fetchMapped('*[_id == $id][0]', { id: story }, true, 'drafts')
    expect(sourceOf(whole.resultSourceMap, "$['slides']")?._id).toBe(`drafts.${story}`)
    expect(whole.resultSourceMap.mappings["$['_id']"]).toBeUndefined()
    const published = await fetchMapped('*[_id == $id][0]{_id, title}', { id: story }, true)
    expect(sourceOf(published.resultSourceMap, "$['title']")?._id).toBe(story)
    expect(sourceOf(published.resultSourceMap, "$['_id']")?.path).toBe("$['_id']")
  })

  it('shows a reader who may not read drafts no draft in the map either', async () => {
    const anonymous = target.client({ anonymous: true })
    const { result, resultSourceMap: map } = await fetchMapped(
      '*[_id == $id][0]{title}',
      { id: story },
      true,
      'drafts',
      anonymous,
    )
    expect(result).toEqual({ title: 'Hand title' })
    expect(map.documents).toEqual([{ _id: story, _type: 'csmStory' }])
  })

  it('gives no map, and the plain answer, for a query that reads the hidden attribute', async () => {
    const { result, resultSourceMap: map } = await fetchMapped(
      '{"hidden": *[_id == $id][0]{title}["\\u0000lake:provenance"], "title": *[_id == $id][0].title}',
      { id: story },
      true,
    )
    expect(result).toEqual({ hidden: null, title: 'Hand title' })
    expect(map).toEqual({ documents: [], paths: [], mappings: {} })
  })

  it('adds resultSourceMap only for true and withKeyArraySelector, on GET and POST', async () => {
    const query = encodeURIComponent('*[_id == $id][0]{title}')
    const base = `${target.url}/v${API_VERSION}/data/query/${target.dataset}?query=${query}&$id="${story}"`
    const headers = { authorization: `Bearer ${target.writeToken}` }
    const get = async (extra: string) => (await (await fetch(base + extra, { headers })).json()) as object
    expect(await get('')).not.toHaveProperty('resultSourceMap')
    for (const other of ['false', 'yes', '1', '']) {
      expect(await get(`&resultSourceMap=${other}`)).not.toHaveProperty('resultSourceMap')
    }
    expect(await get('&resultSourceMap=true')).toHaveProperty('resultSourceMap.documents', [
      { _id: story, _type: 'csmStory' },
    ])
    const post = await fetch(
      `${target.url}/v${API_VERSION}/data/query/${target.dataset}?resultSourceMap=withKeyArraySelector`,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '*[_id == $id][0]{title}', params: { id: story } }),
      },
    )
    const answer = (await post.json()) as { resultSourceMap: ContentSourceMap }
    expect(sourceOf(answer.resultSourceMap, "$['title']")).toEqual({
      _id: story,
      _type: 'csmStory',
      path: "$['title']",
    })
  })
})

// ---- Property: every mapping holds, on generated documents and queries ----

type Context = 'doc' | 'item' | 'nested' | 'deep'

type Attr =
  | { kind: 'field'; name: string }
  | { kind: 'expr'; alias: string; expr: string; mapped: boolean }
  | { kind: 'sub'; alias: string; expr: string; each: boolean; projection: Attr[] }
  | { kind: 'splat' }

const STRINGS: Record<Context, string[]> = {
  doc: ['title', 'sub', 'alt'],
  item: ['heading', 'note'],
  nested: ['label'],
  deep: ['note'],
}
const PATHS: Record<Context, string[]> = {
  doc: ['nested.label', 'nested.deep.note'],
  item: [],
  nested: ['deep.note'],
  deep: [],
}
const ELEMENTS: Record<Context, string[]> = {
  doc: ['tags[0]', 'tags[-1]'],
  item: ['tags[0]'],
  nested: [],
  deep: [],
}
const DEREFS: Record<Context, string[]> = {
  doc: ['ref->title', 'refs[0]->sub'],
  item: [],
  nested: [],
  deep: [],
}
const COMPUTED: Record<Context, string[]> = {
  doc: ['count(items)', '"literal"', 'tags', 'items', 'title + "!"', 'num', 'ref', 'string(num)'],
  item: ['count(tags)', 'tags', 'count', '_key'],
  nested: ['deep', '"lit"'],
  deep: ['"lit"'],
}
const SUBS: Record<Context, { expr: string; context: Context; each: boolean }[]> = {
  doc: [
    { expr: 'nested', context: 'nested', each: false },
    { expr: 'items[]', context: 'item', each: true },
    { expr: 'refs[]->', context: 'doc', each: true },
    { expr: 'ref->', context: 'doc', each: false },
  ],
  item: [],
  nested: [{ expr: 'deep', context: 'deep', each: false }],
  deep: [],
}
const ALIASES = ['a', 'b', "it's", 'c d', 'back\\slash']

const nameOf = (attr: Attr) =>
  attr.kind === 'field' ? attr.name : attr.kind === 'splat' ? '...' : attr.alias

function projectionArb(context: Context, depth: number): fc.Arbitrary<Attr[]> {
  const alias = fc.constantFrom(...ALIASES)
  const strings = STRINGS[context]
  const choices: fc.Arbitrary<Attr>[] = [
    fc.constantFrom(...strings).map((name): Attr => ({ kind: 'field', name })),
    fc
      .record({ alias, expr: fc.constantFrom(...strings) })
      .map((a): Attr => ({ kind: 'expr', ...a, mapped: true })),
    fc
      .record({
        alias,
        names: fc.array(fc.constantFrom('missing', ...strings), { minLength: 1, maxLength: 3 }),
      })
      .map(
        ({ alias, names }): Attr => ({
          kind: 'expr',
          alias,
          expr: `coalesce(${names.join(', ')})`,
          mapped: true,
        }),
      ),
    fc
      .record({ alias, expr: fc.constantFrom(...COMPUTED[context]) })
      .map((a): Attr => ({ kind: 'expr', ...a, mapped: false })),
    fc.constant<Attr>({ kind: 'splat' }),
  ]
  for (const list of [PATHS[context], ELEMENTS[context], DEREFS[context]]) {
    if (list.length > 0) {
      choices.push(
        fc
          .record({ alias, expr: fc.constantFrom(...list) })
          .map((a): Attr => ({ kind: 'expr', ...a, mapped: true })),
      )
    }
  }
  if (depth > 0 && SUBS[context].length > 0) {
    choices.push(
      fc
        .record({ alias, sub: fc.constantFrom(...SUBS[context]) })
        .chain(({ alias, sub }) =>
          projectionArb(sub.context, depth - 1).map(
            (projection): Attr => ({ kind: 'sub', alias, expr: sub.expr, each: sub.each, projection }),
          ),
        ),
    )
  }
  return fc.uniqueArray(fc.oneof(...choices), { selector: nameOf, minLength: 1, maxLength: 5 })
}

const quote = (text: string) => JSON.stringify(text)

function render(attrs: Attr[]): string {
  // A splat goes first, where projections put it, so the attributes after it win.
  const ordered = [...attrs].sort((a, b) => Number(b.kind === 'splat') - Number(a.kind === 'splat'))
  const parts = ordered.map((attr) => {
    if (attr.kind === 'field') return attr.name
    if (attr.kind === 'splat') return '...'
    const value = attr.kind === 'sub' ? `${attr.expr}${render(attr.projection)}` : attr.expr
    return `${quote(attr.alias)}: ${value}`
  })
  return `{${parts.join(', ')}}`
}

/** Result paths that must be mapped: strings the query read straight from a document. */
function mustMap(attrs: Attr[], value: unknown, path: string, out: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return
  const record = value as Record<string, unknown>
  for (const attr of attrs) {
    if (attr.kind === 'splat') continue
    const name = nameOf(attr)
    const at = path + step(name)
    if (attr.kind === 'sub') {
      const inner = record[name]
      if (attr.each && Array.isArray(inner)) {
        inner.forEach((item, index) => {
          mustMap(attr.projection, item, at + step(index), out)
        })
      } else mustMap(attr.projection, inner, at, out)
      continue
    }
    const mapped = attr.kind === 'field' || attr.mapped
    if (mapped && name !== '_id' && typeof record[name] === 'string') out.push(at)
  }
}

const text = fc.string({ minLength: 1, maxLength: 6 })
const KEYS = ['k1', 'k2', 'k3', "it's", 'back\\slash']
const itemArb = fc.record(
  {
    _key: fc.constantFrom(...KEYS),
    heading: text,
    note: text,
    count: fc.integer({ min: 0, max: 9 }),
    tags: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ['_key', 'heading', 'count'] },
)
// References are indexes into the run's documents; one past the end points at no document.
// They are weak, as the lake refuses strong ones to missing documents (and a draft-only one).
const bodyArb = fc.record(
  {
    title: text,
    sub: text,
    alt: text,
    num: fc.integer({ min: -99, max: 99 }),
    tags: fc.array(text, { maxLength: 3 }),
    nested: fc.record({ label: text, deep: fc.record({ note: text }) }, { requiredKeys: [] }),
    items: fc.array(itemArb, { maxLength: 4 }),
    ref: fc.nat(4),
    refs: fc.array(fc.nat(4), { maxLength: 3 }),
  },
  { requiredKeys: ['title'] },
)
const docArb = fc.record({
  state: fc.constantFrom('published', 'both', 'draft'),
  published: bodyArb,
  draft: bodyArb,
})
const queryArb = fc.record({
  shape: fc.constantFrom('all', 'first', 'slice', 'value'),
  projection: projectionArb('doc', 2),
  mode: fc.constantFrom<Mode>(true, 'withKeyArraySelector'),
  perspective: fc.constantFrom<ClientPerspective>('published', 'drafts', 'raw'),
})

describe('resultSourceMap, property: every mapped path holds the value the result has there', () => {
  let run = 0

  it('holds on generated documents and queries', async () => {
    const seed = process.env.CSM_SEED ? Number(process.env.CSM_SEED) : undefined
    await fc.assert(
      fc.asyncProperty(
        fc.array(docArb, { minLength: 1, maxLength: 4 }),
        fc.array(queryArb, { minLength: 1, maxLength: 3 }),
        async (docs, queries) => {
          const type = `csmGen${run++}x${Date.now().toString(36)}`
          const idOf = (index: number) => `${type}-n${index}`
          const materialize = (body: { ref?: number; refs?: number[] }) => {
            const { ref, refs, ...rest } = body
            return {
              ...rest,
              _type: type,
              ...(ref === undefined ? {} : { ref: { _type: 'reference', _ref: idOf(ref), _weak: true } }),
              ...(refs === undefined
                ? {}
                : {
                    refs: refs.map((to, index) => ({
                      _key: `r${index}`,
                      _type: 'reference',
                      _ref: idOf(to),
                      _weak: true,
                    })),
                  }),
            }
          }
          const transaction = client.transaction()
          docs.forEach((doc, index) => {
            if (doc.state !== 'draft') transaction.create({ _id: idOf(index), ...materialize(doc.published) })
            if (doc.state !== 'published')
              transaction.create({ _id: `drafts.${idOf(index)}`, ...materialize(doc.draft) })
          })
          await transaction.commit()
          const stored = new Map<string, Record<string, unknown>>()
          const all = await client.fetch<Record<string, unknown>[]>(
            '*[_type == $type]',
            { type },
            { perspective: 'raw' },
          )
          for (const doc of all) stored.set(doc._id as string, doc)

          for (const spec of queries) {
            const projection: Attr[] = [
              { kind: 'field', name: '_id' },
              { kind: 'field', name: 'title' },
              ...spec.projection.filter((attr) => nameOf(attr) !== '_id' && nameOf(attr) !== 'title'),
            ]
            const body = render(projection)
            const query =
              spec.shape === 'value'
                ? '*[_type == $type] | order(_id asc)[0].nested.label'
                : spec.shape === 'first'
                  ? `*[_type == $type && _id == $id][0]${body}`
                  : spec.shape === 'slice'
                    ? `*[_type == $type] | order(_id asc) ${body}[0...2]`
                    : `*[_type == $type] | order(_id desc) ${body}`
            const params = { type, id: idOf(0) }
            const { result, resultSourceMap: map } = await fetchMapped(
              query,
              params,
              spec.mode,
              spec.perspective,
            )
            const context = `${query} (${spec.perspective}, ${spec.mode})`
            // The map never changes the answer.
            expect(result, context).toEqual(
              await client.fetch(query, params, { perspective: spec.perspective }),
            )

            for (const [resultPath, mapping] of Object.entries(map.mappings)) {
              expect(resultPath, context).not.toContain('?(')
              const inResult = readJsonPath(result, resultPath)
              expect(inResult.found, `${context}: ${resultPath} is not in the result`).toBe(true)
              expect(mapping.source.type).toBe('documentValue')
              if (mapping.source.type !== 'documentValue') continue
              const document = map.documents[mapping.source.document]
              const sourcePath = map.paths[mapping.source.path] as string
              if (spec.mode === true) expect(sourcePath).not.toContain('?(')
              const source = stored.get(document?._id ?? '')
              expect(source, `${context}: ${document?._id} is not a stored document`).toBeDefined()
              expect(document?._type).toBe(source?._type)
              const inSource = readJsonPath(source, sourcePath)
              expect(
                inSource.found,
                `${context}: ${resultPath} -> ${document?._id} ${sourcePath} names nothing`,
              ).toBe(true)
              expect(
                isDeepStrictEqual(inSource.value, inResult.value),
                `${context}: ${resultPath} = ${JSON.stringify(inResult.value)} but ${document?._id} ${sourcePath} = ${JSON.stringify(inSource.value)}`,
              ).toBe(true)
            }

            const required: string[] = []
            const roots = Array.isArray(result)
              ? result.map((item, index) => [item, `$[${index}]`] as const)
              : [[result, '$'] as const]
            if (spec.shape !== 'value')
              for (const [item, path] of roots) mustMap(projection, item, path, required)
            else if (typeof result === 'string') required.push('$')
            for (const path of required) {
              const covered = Object.keys(map.mappings).some(
                (mapped) => path === mapped || path.startsWith(mapped),
              )
              expect(covered, `${context}: ${path} is not mapped`).toBe(true)
            }
            if (
              typeof result === 'object' &&
              result !== null &&
              (!Array.isArray(result) || result.length > 0)
            )
              expect(required.length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 50, ...(seed === undefined ? {} : { seed }) },
    )
  })
})

describe('stega on the lake', () => {
  const SLUG = 'alec-baldwin-hilaria-dramatic-news'
  const studioUrl = 'http://localhost:3333'

  interface Story {
    _id: string
    title: string
    slug: string
    people: { _id: string; name: string }[]
    slides: { _key: string; heading: string }[]
  }

  const editLinkOf = (value: string) => {
    const payload = vercelStegaDecode<{ origin: string; href: string }>(value)
    expect(payload?.origin).toBe('sanity.io')
    const href = new URL(payload?.href ?? '', studioUrl)
    return {
      id: href.searchParams.get('id'),
      type: href.searchParams.get('type'),
      path: href.searchParams.get('path'),
    }
  }

  it("encodes the story query's slide heading with a link to the article and that slide's heading", async () => {
    const plain = await client.fetch<Story>(STORY_QUERY, { slug: SLUG })
    const encoded = await client
      .withConfig({ stega: { enabled: true, studioUrl } })
      .fetch<Story>(STORY_QUERY, { slug: SLUG })
    const [slide] = plain.slides
    const heading = encoded.slides[0]?.heading ?? ''
    expect(slide).toBeDefined()
    expect(heading).not.toBe(slide?.heading)
    expect(stegaClean(heading)).toBe(slide?.heading)
    expect(editLinkOf(heading)).toEqual({
      id: plain._id,
      type: 'article',
      path: `slides[_key=="${slide?._key}"].heading`,
    })
    expect(editLinkOf(encoded.title)).toEqual({ id: plain._id, type: 'article', path: 'title' })
    expect(editLinkOf(encoded.people[0]?.name ?? '')).toEqual({
      id: plain.people[0]?._id,
      type: 'person',
      path: 'name',
    })
    // Ids and slugs stay clean, as on hosted: stega's own filter skips them.
    expect(encoded._id).toBe(plain._id)
    expect(encoded.slug).toBe(plain.slug)
    expect(stegaClean(encoded)).toEqual(plain)
  })
})
