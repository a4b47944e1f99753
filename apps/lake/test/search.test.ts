import { parse } from 'groq-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTextSearch } from '../src/groq/textQuery.ts'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
const type = uniqueId('searchStory')
const personType = uniqueId('searchPerson')
const nativeSon = uniqueId('native-son')
const renaissance = uniqueId('renaissance')
const baldwin = uniqueId('baldwin')

const block = (text: string) => ({
  _type: 'block',
  _key: uniqueId('b'),
  style: 'normal',
  markDefs: [],
  children: [{ _type: 'span', _key: uniqueId('s'), text, marks: [] }],
})

beforeAll(async () => {
  target = await startTarget()
  await target
    .client()
    .transaction()
    .create({
      _id: nativeSon,
      _type: type,
      title: 'Notes of a Native Son',
      slides: [
        {
          _type: 'slide',
          _key: 'a',
          heading: 'Uptown at night',
          text: [block('He walked the streets of Harlem.')],
        },
        {
          _type: 'slide',
          _key: 'b',
          heading: 'The funeral',
          text: [block('Grief and anger, side by side.')],
        },
      ],
    })
    .create({
      _id: renaissance,
      _type: type,
      title: 'Harlem Renaissance',
      slides: [{ _type: 'slide', _key: 'a', heading: 'Poets', text: [block('A movement of writers.')] }],
    })
    .create({ _id: baldwin, _type: personType, name: 'James Baldwin' })
    .create({ _id: `drafts.${baldwin}`, _type: personType, name: 'James Baldwin Unpublishedmarker' })
    .commit()
})
afterAll(() => target.close())

const ids = (query: string) =>
  target.client().fetch<string[]>(`*[_type == $type && [@, _id] match text::query($q)]._id`, {
    type,
    q: query,
  })

describe('text::query', () => {
  it('finds a word anywhere in a document: title, slide heading, Portable Text', async () => {
    expect(await ids('harlem')).toEqual([nativeSon, renaissance].sort())
    expect(await ids('uptown')).toEqual([nativeSon])
    expect(await ids('grief')).toEqual([nativeSon])
  })

  it('needs every word, matched case-insensitively as whole tokens', async () => {
    expect(await ids('HARLEM poets')).toEqual([renaissance])
    expect(await ids('harl')).toEqual([])
  })

  it('matches a prefix with *', async () => {
    expect(await ids('harl*')).toEqual([nativeSon, renaissance].sort())
    expect(await ids('upt* nig*')).toEqual([nativeSon])
  })

  it('excludes words and phrases marked with -', async () => {
    expect(await ids('harlem -renaissance')).toEqual([nativeSon])
    expect(await ids('harlem -"native son"')).toEqual([renaissance])
    // A search that only excludes keeps every document that has text but not the word.
    expect(await ids('-renaissance')).toEqual([nativeSon])
    // The Studio sends a dangling "-" while someone types the word to exclude.
    expect(await ids('harlem -')).toEqual([nativeSon, renaissance].sort())
  })

  it('matches a quoted phrase only as consecutive words in one string', async () => {
    expect(await ids('"native son"')).toEqual([nativeSon])
    expect(await ids('"son native"')).toEqual([])
    // "night" ends one slide's heading and "The" starts the next: not one string.
    expect(await ids('"night the"')).toEqual([])
    expect(await ids('"streets of harl*"')).toEqual([nativeSon])
  })

  it('works on a field, as the Studio sends it for reference previews', async () => {
    const found = await target
      .client()
      .fetch<string[]>('*[(_type == $personType && name match text::query($q))][0...1000]._id', {
        personType,
        q: 'bald*',
      })
    expect(found).toEqual([baldwin])
  })

  it("ranks a story whose title matches above one that mentions the word in a slide (the Studio's query)", async () => {
    // The shape the Studio's default (groq2024) search sends, read from sanity 6.16's createSearchQuery.
    const query = [
      '// findability-mvi:5\n*[_type in $__types] | score(',
      `boost(_type in ["${type}"] && title match text::query($__query), 10),`,
      `boost(_type in ["${personType}"] && name match text::query($__query), 10),`,
      '([@, _id] match text::query($__query) || references($__rawQuery))',
      ') [_score > 0] {_type, _id, _originalId, "orderings": [_score]} | order(orderings[0] desc) [0...$__limit]',
    ].join(' ')
    const hits = await target.client().fetch<{ _id: string; orderings: [number] }[]>(query, {
      __types: [type, personType],
      __query: 'harlem*',
      __rawQuery: 'harlem',
      __limit: 1001,
    })
    expect(hits.map((hit) => hit._id)).toEqual([renaissance, nativeSon])
    expect(hits[0]?.orderings[0]).toBeGreaterThan(hits[1]?.orderings[0] ?? Number.POSITIVE_INFINITY)
    // Several words: a document with only one of them scores nothing, in a title or anywhere.
    const both = await target.client().fetch<{ _id: string }[]>(query, {
      __types: [type, personType],
      __query: 'harlem poet*',
      __rawQuery: 'harlem poet',
      __limit: 1001,
    })
    expect(both.map((hit) => hit._id)).toEqual([renaissance])
  })

  it('never shows an anonymous caller a draft', async () => {
    const query = '*[_type == $personType && [@, _id] match text::query($q)]._id'
    const params = { personType, q: 'unpublishedmarker' }
    expect(await target.client({ anonymous: true }).fetch(query, params)).toEqual([])
    expect(await target.client().fetch(query, params, { perspective: 'raw' })).toEqual([`drafts.${baldwin}`])
  })

  it('answers a malformed search with a Sanity-shaped 400', async () => {
    const base = `${target.url}/v2025-02-19/data/query/${target.dataset}`
    const headers = { authorization: `Bearer ${target.writeToken}` }
    for (const query of [
      '*[title match text::query("\\"unclosed phrase")]',
      '*[title match text::query(title)]',
      '*[title match text::query(42)]',
    ]) {
      const response = await fetch(`${base}?query=${encodeURIComponent(query)}`, { headers })
      expect(response.status, query).toBe(400)
      const body = (await response.json()) as { error: { description: string; type: string } }
      expect(body.error.type).toBe('queryParseError')
      expect(body.error.description).toMatch(/text::query/)
    }
  })
})

describe('queries without text::query', () => {
  it('are handed to groq-js as the very tree it parsed', () => {
    const tree = parse('*[_type == "article" && title match "harl*"] | score(title match "x") {title}')
    expect(withTextSearch(tree)).toBe(tree)
  })

  it('keep groq-js semantics for plain match', async () => {
    // groq-js's match reads no object's strings: only text::query searches a whole document.
    expect(await target.client().fetch('*[_type == $type && @ match "harlem"]._id', { type })).toEqual([])
    expect(await target.client().fetch('*[_type == $type && title match "harl*"]._id', { type })).toEqual([
      renaissance,
    ])
  })
})
