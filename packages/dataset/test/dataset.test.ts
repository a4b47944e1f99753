/**
 * Checks the committed NDJSON against the seed text. The seed is read here with its own simple
 * logic (not the package's parser), so a parser bug cannot hide behind matching expectations.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import type { ArticleDocument, PersonDocument, Slide } from '../scripts/lib/documents.ts'
import type { Block } from '../scripts/lib/portableText.ts'
import { datasetDir, imagesDir, ndjsonPath, sourcePath } from '../src/index.ts'

const repoRoot = path.resolve(datasetDir, '../..')
const sharedSeedPath = path.resolve(repoRoot, '../shared/seeds/000_19997d58803072db.txt')
const seedText = readFileSync(sourcePath, 'utf8')

// From reading the seed: the only slides followed by two blank lines instead of a credit.
const NO_CREDIT = new Set(['High Hopes', 'It’s A Love Story'])

interface ExpectedSlide {
  heading: string
  body: string
  credit: string | undefined
}

function readSeedIndependently(text: string) {
  const lines = text.split('\n')
  const content = lines.slice(6).filter((line) => line !== '')
  const slides: ExpectedSlide[] = []
  for (let i = 0; i < content.length; ) {
    const heading = content[i++] as string
    const body = content[i++] as string
    const credit = NO_CREDIT.has(heading) ? undefined : content[i++]
    slides.push({ heading, body, credit })
  }
  return { title: lines[0], titleAgain: lines[2], intro: lines[4], slides }
}

const seed = readSeedIndependently(seedText)

// The generator's types only tell the compiler what to expect; every test checks the values.
const ndjson = readFileSync(ndjsonPath, 'utf8')
const documents = ndjson
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as ArticleDocument | PersonDocument)
const articles = documents.filter((doc): doc is ArticleDocument => doc._type === 'article')
const persons = documents.filter((doc): doc is PersonDocument => doc._type === 'person')
const article = articles[0] as ArticleDocument

type JsonObject = Record<string, unknown>

/** Every object nested anywhere in `value`, with the path to it. */
function* objectsIn(value: unknown, at = ''): Generator<[string, JsonObject]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* objectsIn(item, `${at}[${index}]`)
  } else if (typeof value === 'object' && value !== null) {
    yield [at, value as JsonObject]
    for (const [key, child] of Object.entries(value)) yield* objectsIn(child, `${at}.${key}`)
  }
}

/** Every array nested anywhere in `value`, with the path to it. */
function* arraysIn(value: unknown, at = ''): Generator<[string, unknown[]]> {
  if (Array.isArray(value)) {
    yield [at, value]
    for (const [index, item] of value.entries()) yield* arraysIn(item, `${at}[${index}]`)
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) yield* arraysIn(child, `${at}.${key}`)
  }
}

/** The text of a Portable Text field that must be exactly one plain paragraph. */
function singleParagraph(blocks: Block[]): string {
  expect(blocks).toHaveLength(1)
  const [block] = blocks as [Block]
  expect(block).toMatchObject({ _type: 'block', style: 'normal', markDefs: [] })
  expect(block.children).toHaveLength(1)
  const [span] = block.children as [Block['children'][number]]
  expect(span).toMatchObject({ _type: 'span', marks: [] })
  return span.text
}

describe('source/baldwin.txt', () => {
  it.skipIf(!existsSync(sharedSeedPath))(
    'is byte-identical to ../shared/seeds/000_19997d58803072db.txt',
    () => {
      expect(readFileSync(sourcePath).equals(readFileSync(sharedSeedPath))).toBe(true)
    },
  )

  it('has the shape the tests assume: 43 slides, the two no-credit slides followed by two blank lines', () => {
    expect(seed.titleAgain).toBe(seed.title)
    expect(seed.slides).toHaveLength(43)
    expect(seedText.split('\n\n\n')).toHaveLength(3)
    for (const slide of seed.slides.filter((s) => s.credit === undefined)) {
      expect(seedText).toContain(`${slide.heading}\n\n${slide.body}\n\n\n`)
    }
  })
})

describe('data/production.ndjson', () => {
  it('is one JSON document per line, newline-terminated, with one article and the people', () => {
    expect(ndjson.endsWith('\n')).toBe(true)
    expect(articles).toHaveLength(1)
    expect(persons.length + articles.length).toBe(documents.length)
    expect(persons.map((person) => person.name)).toEqual(
      expect.arrayContaining([
        'Alec Baldwin',
        'Hilaria Baldwin',
        'Kim Basinger',
        'Ireland Baldwin',
        'Carmen Gabriela Baldwin',
        'Rafael Thomas Baldwin',
        'Leonardo Angel Charles Baldwin',
        'Romeo Alejandro David Baldwin',
        'Eduardo Pau Lucas Baldwin',
      ]),
    )
  })

  it('has the article identity the site and lake rely on', () => {
    expect(article).toMatchObject({
      _id: 'article-alec-baldwin-hilaria',
      slug: { _type: 'slug', current: 'alec-baldwin-hilaria-dramatic-news' },
    })
    expect(new Date(article.publishedAt).toISOString()).toBe('2020-09-15T12:00:00.000Z')
    expect(article.seoDescription.length).toBeGreaterThan(0)
    expect(article.seoDescription.length).toBeLessThanOrEqual(160)
  })

  it('carries the title and intro exactly as in the seed', () => {
    expect(article.title).toBe(seed.title)
    expect(singleParagraph(article.dek)).toBe(seed.intro)
  })

  it('has the 43 slides in seed order with heading, body and credit exactly as written', () => {
    expect(article.slides).toHaveLength(seed.slides.length)
    for (const [index, expected] of seed.slides.entries()) {
      const slide = article.slides[index] as Slide
      expect(slide._type).toBe('slide')
      expect(slide._key).toBe(`slide-${String(index + 1).padStart(2, '0')}`)
      expect(slide.heading).toBe(expected.heading)
      expect(singleParagraph(slide.body)).toBe(expected.body)
      if (expected.credit === undefined) expect(slide).not.toHaveProperty('credit')
      else expect(slide.credit).toBe(expected.credit)
    }
  })

  it('leaves the credit field out on exactly the two slides without one', () => {
    const withoutCredit = article.slides.filter((slide) => !('credit' in slide))
    expect(withoutCredit.map((slide) => slide.heading)).toEqual(['High Hopes', 'It’s A Love Story'])
  })

  const slideNamed = (heading: string): Slide => {
    const slide = article.slides.find((s) => s.heading === heading)
    if (slide === undefined) throw new Error(`no slide "${heading}"`)
    return slide
  }

  it('keeps the source’s own characters: curly quotes, typos and the trailing no-break space', () => {
    const bodyOf = (heading: string): string => singleParagraph(slideNamed(heading).body)
    expect(bodyOf('Moving Fast').endsWith('moving now.\u00a0')).toBe(true)
    expect(bodyOf('Chemical Reaction').startsWith('The co-star’s were helpless')).toBe(true)
    expect(bodyOf('Juggling Act')).toContain('said in an interview with But would')
    expect(article.slides[8]?.heading).toBe('“Out Of My World”')
  })

  it('gives every image an existing JPEG file and non-empty alt text', async () => {
    const images = [...objectsIn(documents)].filter(([, object]) => '_sanityAsset' in object)
    expect(images).toHaveLength(1 + 43 + persons.length)
    for (const [at, image] of images) {
      expect(image._type, at).toBe('image')
      expect(typeof image.alt === 'string' && image.alt.trim() !== '', `${at} alt`).toBe(true)
      const match = /^image@file:\/\/\.\/(images\/[\w-]+\.jpg)$/.exec(String(image._sanityAsset))
      expect(match, `${at}: ${image._sanityAsset}`).not.toBeNull()
      // The importer resolves `file://./` against the NDJSON file's directory.
      const file = path.join(path.dirname(ndjsonPath), (match as RegExpExecArray)[1] as string)
      expect(existsSync(file), file).toBe(true)
      expect((await sharp(file).metadata()).format, file).toBe('jpeg')
    }
  })

  it('uses 3:2 slide images and keeps all images together under 4 MB', async () => {
    expect(await sharp(path.join(imagesDir, 'slide-01.jpg')).metadata()).toMatchObject({
      width: 1600,
      height: 1067,
    })
    const total = readdirSync(imagesDir).reduce(
      (sum, name) => sum + statSync(path.join(imagesDir, name)).size,
      0,
    )
    expect(total).toBeLessThan(4 * 1024 * 1024)
  })

  it('points every reference at a person document in the file', () => {
    const personIds = new Set(persons.map((person) => person._id))
    const references = [...objectsIn(documents)].filter(([, object]) => '_ref' in object)
    expect(references.length).toBeGreaterThan(43)
    for (const [at, reference] of references) {
      expect(reference._type, at).toBe('reference')
      expect(personIds.has(String(reference._ref)), `${at} → ${String(reference._ref)}`).toBe(true)
    }
  })

  it('links slides to the people they name', () => {
    const refsOf = (heading: string): string[] => slideNamed(heading).people.map((ref) => ref._ref)
    expect(refsOf('Babies On Board')).toEqual([
      'person-alec-baldwin',
      'person-hilaria-baldwin',
      'person-ireland-baldwin',
      'person-carmen-gabriela-baldwin',
      'person-rafael-thomas-baldwin',
    ])
    expect(refsOf('Two More Tots')).toContain('person-romeo-alejandro-david-baldwin')
    expect(refsOf('Lucky Number Five')).toContain('person-eduardo-pau-lucas-baldwin')
    expect(refsOf('No Men Needed')).toEqual(['person-kim-basinger'])
    // "Basinger and Baldwin": a bare "Baldwin" is Alec.
    expect(refsOf('Original Pop Romance')).toEqual(['person-alec-baldwin', 'person-kim-basinger'])
    // Everyone a slide names is also listed on the article.
    const onArticle = new Set(article.people.map((ref) => ref._ref))
    for (const slide of article.slides)
      for (const ref of slide.people) expect(onArticle.has(ref._ref)).toBe(true)
  })

  it('has unique document ids and unique _keys within every array, and keys on every array object', () => {
    const ids = documents.map((doc) => doc._id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const [at, array] of arraysIn(documents)) {
      const objects = array.filter((item): item is JsonObject => typeof item === 'object' && item !== null)
      // The top-level list is the NDJSON lines themselves, not a Sanity array.
      if (objects.length === 0 || at === '') continue
      const keys = objects.map((item) => item._key)
      for (const key of keys) expect(typeof key, `${at} item without _key`).toBe('string')
      expect(new Set(keys).size, `${at} has duplicate _keys`).toBe(keys.length)
    }
  })

  it('describes the people with the facts we are sure of', () => {
    const byId = new Map(persons.map((person) => [person._id, person]))
    expect(byId.get('person-alec-baldwin')?.born).toBe('1958-04-03')
    expect(byId.get('person-kim-basinger')?.born).toBe('1953-12-08')
    expect(byId.get('person-hilaria-baldwin')?.born).toBe('1984-01-14')
    expect(byId.get('person-ireland-baldwin')?.born).toBe('1995-10-23')
    expect(byId.get('person-carmen-gabriela-baldwin')?.born).toBe('2013-08-23')
    expect(byId.get('person-rafael-thomas-baldwin')).not.toHaveProperty('born')
    expect(byId.get('person-hilaria-baldwin')?.socials).toEqual([
      { _type: 'socialLink', _key: 'instagram', platform: 'instagram', handle: 'hilariabaldwin' },
    ])
    for (const person of persons) {
      expect(person._id).toBe(`person-${person.slug.current}`)
      expect(singleParagraph(person.bio).length).toBeGreaterThan(20)
      expect(person.roles.length).toBeGreaterThan(0)
    }
  })
})
