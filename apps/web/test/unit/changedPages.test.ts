import type { ShownDocument, ShownSlide } from '@slideshow/sanity/revalidateWebhook'
import { describe, expect, it } from 'vitest'
import { articleChanges, bylineChanged, personChanges } from '@/lib/revalidation/changedPages'

const text = (value: string) => [
  { _type: 'block', _key: 'b', children: [{ _type: 'span', _key: 's', text: value }] },
]
const image = (id: string) => ({
  _type: 'image',
  asset: { _type: 'reference', _ref: `image-${id}-10x10-jpg` },
})

function slide(n: number, people: string[] = []): ShownSlide {
  return { _key: `k${n}`, heading: `Heading ${n}`, body: text(`Body ${n}`), image: image(`i${n}`), people }
}

const story: ShownDocument = {
  slug: 's',
  title: 'Title',
  dek: text('Intro'),
  seoDescription: 'SEO',
  publishedAt: '2020-01-01T00:00:00Z',
  heroImage: image('hero'),
  people: ['kim', 'alec'],
  slides: [slide(1, ['alec']), slide(2), slide(3, ['kim']), slide(4, ['alec', 'kim']), slide(5)],
}
const slides = story.slides ?? []
const withSlides = (changed: ShownSlide[]): ShownDocument => ({ ...story, slides: changed })
const replaceSlide = (n: number, changes: Partial<ShownSlide>) =>
  withSlides(slides.map((each, index) => (index === n - 1 ? { ...each, ...changes } : each)))
const sorted = ({ paths, people }: { paths: string[]; people: string[] }) => ({
  paths: [...paths].sort(),
  people: [...people].sort(),
})
const always = ['/stories/s', '/feed.xml', '/sitemap.xml']
const allSlides = (count: number, slug = 's') =>
  Array.from({ length: count }, (_, index) => `/stories/${slug}/${index + 1}`)

describe('articleChanges', () => {
  it("one slide's text: that slide's page, the story page and the lists with the last change", () => {
    expect(sorted(articleChanges(story, replaceSlide(3, { body: text('New') })))).toEqual(
      sorted({ paths: [...always, '/stories/s/3'], people: [] }),
    )
  })

  it("one slide's heading: also the pages of that slide's people, which list it", () => {
    expect(sorted(articleChanges(story, replaceSlide(4, { heading: 'New' })))).toEqual(
      sorted({ paths: [...always, '/stories/s/4'], people: ['alec', 'kim'] }),
    )
  })

  it("one slide's photo: also the slide before, which fetches it ahead", () => {
    expect(sorted(articleChanges(story, replaceSlide(3, { image: image('new') })))).toEqual(
      sorted({ paths: [...always, '/stories/s/2', '/stories/s/3'], people: [] }),
    )
  })

  it("two slides swapped: both, the one before, and the moved slides' people", () => {
    const [one, two, three, four, five] = slides as [
      ShownSlide,
      ShownSlide,
      ShownSlide,
      ShownSlide,
      ShownSlide,
    ]
    expect(sorted(articleChanges(story, withSlides([one, two, four, three, five])))).toEqual(
      sorted({ paths: [...always, '/stories/s/2', '/stories/s/3', '/stories/s/4'], people: ['alec', 'kim'] }),
    )
  })

  it("a slide added or removed: every slide page (each shows the count), the home page and the slide's people", () => {
    const longer = withSlides([...slides, slide(6, ['kim'])])
    const expected = sorted({ paths: [...always, '/', ...allSlides(6)], people: ['kim'] })
    expect(sorted(articleChanges(story, longer))).toEqual(expected)
    expect(sorted(articleChanges(longer, story))).toEqual(expected)
  })

  it('the title: every page of the story, the home page and every person in it', () => {
    expect(sorted(articleChanges(story, { ...story, title: 'New' }))).toEqual(
      sorted({ paths: [...always, '/', ...allSlides(5)], people: ['alec', 'kim'] }),
    )
  })

  it('a slug rename: the old and the new address of every page', () => {
    expect(sorted(articleChanges(story, { ...story, slug: 't' }))).toEqual(
      sorted({
        paths: [...always, '/stories/t', '/', ...allSlides(5), ...allSlides(5, 't')],
        people: ['alec', 'kim'],
      }),
    )
  })

  it('the intro: the home page only when it shows it (no SEO description), slide pages only when it describes them', () => {
    const newIntro = { ...story, dek: text('New intro') }
    expect(sorted(articleChanges(story, newIntro))).toEqual(sorted({ paths: always, people: [] }))
    const plain = {
      ...story,
      seoDescription: null,
      slides: [...slides.slice(0, 4), { ...slide(5), body: [] }],
    }
    expect(sorted(articleChanges(plain, { ...plain, dek: text('New intro') }))).toEqual(
      sorted({ paths: [...always, '/', '/stories/s/5'], people: [] }),
    )
  })

  it("a story's people: the pages of those added or removed", () => {
    expect(sorted(articleChanges(story, { ...story, people: ['kim', 'alec', 'ireland'] }))).toEqual(
      sorted({ paths: always, people: ['ireland'] }),
    )
  })

  it('a story published or deleted: all of its pages', () => {
    const expected = sorted({ paths: [...always, '/', ...allSlides(5)], people: ['alec', 'kim'] })
    expect(sorted(articleChanges(null, story))).toEqual(expected)
    expect(sorted(articleChanges(story, undefined))).toEqual(expected)
  })

  it('a story without a slug is on no page', () => {
    const unlisted = { ...story, slug: null }
    expect(articleChanges(unlisted, { ...unlisted, title: 'New' })).toEqual({ paths: [], people: [] })
  })
})

describe('personChanges', () => {
  const kim: ShownDocument = { name: 'Kim', slug: 'kim' }

  it('a new name: their page, the stories naming them, the feed and the sitemap', () => {
    expect(personChanges(kim, { ...kim, name: 'Kimberly' }, ['s']).sort()).toEqual(
      ['/people/kim', '/sitemap.xml', '/stories/s', '/feed.xml'].sort(),
    )
  })

  it('a new slug: both addresses and the stories linking to them, not the feed', () => {
    expect(bylineChanged(kim, { ...kim, slug: 'k' })).toBe(true)
    expect(personChanges(kim, { ...kim, slug: 'k' }, ['s']).sort()).toEqual(
      ['/people/kim', '/people/k', '/sitemap.xml', '/stories/s'].sort(),
    )
  })

  it('anything else (bio, portrait): their page and the sitemap', () => {
    expect(bylineChanged(kim, { ...kim })).toBe(false)
    expect(personChanges(kim, { ...kim }, []).sort()).toEqual(['/people/kim', '/sitemap.xml'])
  })
})
