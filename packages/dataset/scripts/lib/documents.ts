/**
 * Turns the parsed story plus our editorial content into Sanity documents in the shape
 * `sanity dataset import` accepts, and lists the placeholder images those documents point at.
 */
import type { SeedStory } from '../../src/index.ts'
import { article, slideAlt } from '../content/article.ts'
import { type PersonEntry, people, peopleMentionedIn, personId } from '../content/people.ts'
import { type Block, paragraph } from './portableText.ts'

export interface ImageField {
  _type: 'image'
  /** Import-time pointer; the importer uploads the file and replaces this with an asset ref. */
  _sanityAsset: string
  alt: string
}

export interface Reference {
  _type: 'reference'
  _ref: string
  _key: string
}

export interface Slide {
  _type: 'slide'
  _key: string
  heading: string
  body: Block[]
  image: ImageField
  credit?: string
  people: Reference[]
}

export interface ArticleDocument {
  _id: string
  _type: 'article'
  title: string
  slug: { _type: 'slug'; current: string }
  dek: Block[]
  publishedAt: string
  heroImage: ImageField
  slides: Slide[]
  people: Reference[]
  seoDescription: string
}

export interface PersonDocument {
  _id: string
  _type: 'person'
  name: string
  slug: { _type: 'slug'; current: string }
  portrait: ImageField
  bio: Block[]
  born?: string
  roles: string[]
  socials?: { _type: 'socialLink'; _key: string; platform: string; handle: string }[]
}

export type ImageSpec =
  | { file: string; kind: 'slide'; number: number; total: number }
  | { file: string; kind: 'hero' }
  | { file: string; kind: 'portrait'; initials: string; index: number }

export interface Documents {
  documents: [ArticleDocument, ...PersonDocument[]]
  images: ImageSpec[]
}

// Relative to the NDJSON file: the importer resolves `file://./` against its directory.
const imageField = (file: string, alt: string): ImageField => ({
  _type: 'image',
  _sanityAsset: `image@file://./images/${file}`,
  alt,
})

const references = (mentioned: PersonEntry[]): Reference[] =>
  mentioned.map((person) => ({ _type: 'reference', _ref: personId(person), _key: person.slug }))

export function buildDocuments(story: SeedStory): Documents {
  const images: ImageSpec[] = []
  const total = story.slides.length

  const unusedAlt = new Set(Object.keys(slideAlt))
  const slides = story.slides.map((seed, index): Slide => {
    const number = index + 1
    const key = `slide-${String(number).padStart(2, '0')}`
    const alt = slideAlt[seed.heading]
    if (alt === undefined) throw new Error(`no alt text for slide ${number} "${seed.heading}"`)
    unusedAlt.delete(seed.heading)

    const file = `${key}.jpg`
    images.push({ file, kind: 'slide', number, total })
    return {
      _type: 'slide',
      _key: key,
      heading: seed.heading,
      body: paragraph(`${key}-body`, seed.body),
      image: imageField(file, alt),
      // Sanity leaves absent optional fields out rather than storing null.
      ...(seed.credit === null ? {} : { credit: seed.credit }),
      people: references(peopleMentionedIn(seed.heading, seed.body)),
    }
  })
  // Stale entries mean the seed changed under the alt table; fail rather than drift silently.
  if (unusedAlt.size > 0) {
    throw new Error(`alt text for headings not in the story: ${[...unusedAlt].join(', ')}`)
  }

  images.unshift({ file: 'hero.jpg', kind: 'hero' })
  const articleDocument: ArticleDocument = {
    _id: article.id,
    _type: 'article',
    title: story.title,
    slug: { _type: 'slug', current: article.slug },
    dek: paragraph('dek', story.intro),
    publishedAt: article.publishedAt,
    heroImage: imageField('hero.jpg', article.heroAlt),
    slides,
    people: references(
      peopleMentionedIn(story.title, story.intro, ...story.slides.flatMap((s) => [s.heading, s.body])),
    ),
    seoDescription: article.seoDescription,
  }

  const personDocuments = people.map((person, index): PersonDocument => {
    const file = `${personId(person)}.jpg`
    images.push({ file, kind: 'portrait', initials: person.initials, index })
    return {
      _id: personId(person),
      _type: 'person',
      name: person.name,
      slug: { _type: 'slug', current: person.slug },
      portrait: imageField(file, `Portrait of ${person.name}`),
      bio: paragraph('bio', person.bio),
      ...(person.born === undefined ? {} : { born: person.born }),
      roles: person.roles,
      ...(person.socials === undefined
        ? {}
        : {
            socials: person.socials.map((social) => ({
              _type: 'socialLink' as const,
              _key: social.platform,
              ...social,
            })),
          }),
    }
  })

  return { documents: [articleDocument, ...personDocuments], images }
}
