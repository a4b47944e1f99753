import { readFileSync } from 'node:fs'
import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { MISSING_ALT_FILTER, MISSING_CREDIT_FILTER } from '../structure/needsAttention.ts'

interface Slide {
  _key: string
  heading: string
  credit?: string
  image?: { alt?: string; asset?: unknown }
}
interface Story {
  _id: string
  _type: string
  heroImage?: { alt?: string; asset?: unknown }
  slides: Slide[]
}

const seedFile = new URL('../../packages/dataset/data/production.ndjson', import.meta.url)

/** The seed as the lake stores it: import-time `_sanityAsset` pointers become asset references. */
function seededDocuments(): Story[] {
  return readFileSync(seedFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      JSON.parse(line, (_key, value) => {
        if (!value || typeof value !== 'object' || !('_sanityAsset' in value)) return value
        const { _sanityAsset, ...image } = value
        return { ...image, asset: { _type: 'reference', _ref: 'image-from-seed' } }
      }),
    )
}

async function matching(filter: string, documents: Story[]): Promise<string[]> {
  return (await evaluate(parse(`*[${filter}]._id`), { dataset: documents })).get()
}

function baldwin(change: (story: Story) => void = () => {}): Story[] {
  const documents = seededDocuments()
  const story = documents.find((document) => document._type === 'article')
  if (!story) throw new Error('the seed has no story')
  change(story)
  return documents
}

const STORY_ID = 'article-alec-baldwin-hilaria'

describe('"Images without alt text"', () => {
  it('does not list the seeded story: every photo has alt text', async () => {
    expect(await matching(MISSING_ALT_FILTER, baldwin())).toEqual([])
  })

  it('lists a story with a slide photo whose alt text is missing or empty, or a hero without it', async () => {
    const missing = baldwin((story) => delete story.slides[2]?.image?.alt)
    const empty = baldwin((story) => Object.assign(story.slides[2]?.image ?? {}, { alt: '' }))
    const hero = baldwin((story) => delete story.heroImage?.alt)
    for (const documents of [missing, empty, hero]) {
      expect(await matching(MISSING_ALT_FILTER, documents)).toEqual([STORY_ID])
    }
  })

  it('ignores a slide with no photo at all', async () => {
    const noPhoto = baldwin((story) => delete story.slides[2]?.image)
    expect(await matching(MISSING_ALT_FILTER, noPhoto)).toEqual([])
  })
})

describe('"Slides without a photo credit"', () => {
  it('lists the seeded story for exactly its two uncredited slides, 29 and 33', async () => {
    const documents = baldwin()
    expect(await matching(MISSING_CREDIT_FILTER, documents)).toEqual([STORY_ID])
    const story = documents.find((document) => document._id === STORY_ID)
    const uncredited = story?.slides.flatMap((slide, index) => (slide.credit ? [] : [index + 1]))
    expect(uncredited).toEqual([29, 33])
  })

  it('drops the story once those two slides are credited', async () => {
    const credited = baldwin((story) => {
      for (const slide of story.slides) slide.credit ??= 'Photographer / Agency'
    })
    expect(await matching(MISSING_CREDIT_FILTER, credited)).toEqual([])
  })
})
