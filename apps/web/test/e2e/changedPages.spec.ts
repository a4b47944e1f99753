import { expect, test } from '@playwright/test'
import { people, theStory } from './support/dataset'
import { getDocument, publicHtml, siteUrl, uniqueMarker } from './support/lake'
import { publish, rendersSince } from './support/renders'

/*
 * A publish re-renders the pages that show what changed, and only those: for each kind of change,
 * every page showing it is fresh, and the pages rendered (counted in the site's own output) are
 * exactly the expected ones. Afterwards every page of the site is requested again and none
 * renders: the others stayed cached, and none was left expired.
 */

const story = theStory()
const slug = story.slug.current
const slideCount = story.slides.length

interface StoredSlide {
  _key: string
  heading: string
  body: object[]
  image: { asset: { _ref: string } }
  people?: { _ref: string }[]
}
interface StoredStory {
  title: string
  dek: object[]
  slides: StoredSlide[]
}

const storyPath = (at = slug) => `/stories/${at}`
const slidePaths = (at = slug, count = slideCount) =>
  Array.from({ length: count }, (_, index) => `${storyPath(at)}/${index + 1}`)
const personPath = (id: string) => `/people/${people.find((person) => person._id === id)?.slug.current}`
const peopleOf = (...slides: number[]) =>
  slides.flatMap((n) => (story.slides[n - 1]?.people ?? []).map((ref) => personPath(ref._ref)))
const everyPersonPage = people.map((person) => `/people/${person.slug.current}`)
const lists = ['/feed.xml', '/sitemap.xml']

/** Every page of the site, as it stands: the story at `at` with `count` slides. */
const everyPage = (at = slug, count = slideCount) => [
  '/',
  ...lists,
  storyPath(at),
  ...slidePaths(at, count),
  ...everyPersonPage,
]

async function stored(): Promise<StoredStory> {
  const document = await getDocument<StoredStory>(story._id)
  if (!document) throw new Error(`${story._id} is not in the lake`)
  return document
}

async function requestAll(paths: string[]): Promise<void> {
  const queue = [...paths]
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      await (await fetch(siteUrl(path))).arrayBuffer()
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
}

/** Requests `pages` (every page of the site), then checks that since `mark` exactly `expected` rendered, once each. */
async function expectRendered(
  mark: number,
  expected: string[],
  pages: string[] = everyPage(),
): Promise<void> {
  await requestAll(pages)
  expect(rendersSince(mark).sort()).toEqual([...new Set(expected)].sort())
}

/** A page's HTML without the empty comments React puts between adjacent text nodes. */
const pageText = async (path: string) => (await publicHtml(path)).replaceAll('<!-- -->', '')
const setStory = (set: object) => [{ patch: { id: story._id, set } }]
const paragraph = (text: string) => [
  {
    _type: 'block',
    _key: 'e2e',
    style: 'normal',
    markDefs: [],
    children: [{ _type: 'span', _key: 'e2e-s', text, marks: [] }],
  },
]

test.describe.configure({ mode: 'serial' })

test("one slide's text: that slide, the story and the two lists that carry its last change", async () => {
  const original = await stored()
  const key = original.slides[4]?._key
  const text = uniqueMarker('Changed body')
  const expected = [`${storyPath()}/5`, storyPath(), ...lists]

  let mark = await publish(setStory({ [`slides[_key=="${key}"].body`]: paragraph(text) }))
  for (const path of [`${storyPath()}/5`, storyPath(), '/feed.xml']) {
    expect(await publicHtml(path), path).toContain(text)
  }
  await expectRendered(mark, expected)

  mark = await publish(setStory({ [`slides[_key=="${key}"].body`]: original.slides[4]?.body }))
  expect(await publicHtml(`${storyPath()}/5`)).not.toContain(text)
  await expectRendered(mark, expected)
})

test("slide order: the moved slides, the slide before (it prefetches the next photo) and the moved slides' people", async () => {
  const original = await stored()
  const [third, fourth] = [original.slides[2], original.slides[3]]
  if (!third || !fourth) throw new Error('the story has fewer than four slides')
  const swapped = original.slides.map((slide, index) => (index === 2 ? fourth : index === 3 ? third : slide))
  const expected = [...[2, 3, 4].map((n) => `${storyPath()}/${n}`), storyPath(), ...lists, ...peopleOf(3, 4)]

  let mark = await publish(setStory({ slides: swapped }))
  const headingOf = async (n: number) =>
    /<h1 id="slide-heading">([^<]*)<\/h1>/.exec(await publicHtml(`${storyPath()}/${n}`))?.[1]
  expect(await headingOf(3)).toBe(fourth.heading)
  expect(await headingOf(4)).toBe(third.heading)
  // The image the second slide's page fetches ahead is now the fourth slide's.
  const fourthImage = fourth.image.asset._ref.split('-')[1] ?? ''
  expect(await publicHtml(`${storyPath()}/2`)).toContain(fourthImage)
  const storyHtml = await publicHtml(storyPath())
  expect(storyHtml.indexOf(`<h2>${fourth.heading}`)).toBeLessThan(storyHtml.indexOf(`<h2>${third.heading}`))
  await expectRendered(mark, expected)

  mark = await publish(setStory({ slides: original.slides }))
  expect(await headingOf(3)).toBe(third.heading)
  await expectRendered(mark, expected)
})

test('a slide added, then removed: every slide page (each shows the count), the lists and the new slide’s people', async () => {
  const original = await stored()
  const heading = uniqueMarker('Added slide')
  const person = people[0]
  if (!person) throw new Error('No person in the dataset')
  const added = {
    ...original.slides[0],
    _key: 'e2e-added',
    heading,
    people: [{ _type: 'reference', _ref: person._id, _key: 'e2e-person' }],
  }
  const expected = [
    ...slidePaths(slug, slideCount + 1),
    storyPath(),
    '/',
    ...lists,
    `/people/${person.slug.current}`,
  ]

  let mark = await publish(setStory({ slides: [...original.slides, added] }))
  expect(await publicHtml(`${storyPath()}/${slideCount + 1}`)).toContain(heading)
  expect(await pageText(`${storyPath()}/1`)).toContain(`1 / ${slideCount + 1}`)
  expect(await pageText('/')).toContain(`${slideCount + 1} photos`)
  expect(await publicHtml(`/people/${person.slug.current}`)).toContain(heading)
  await expectRendered(mark, expected, everyPage(slug, slideCount + 1))

  mark = await publish(setStory({ slides: original.slides }))
  expect((await fetch(siteUrl(`${storyPath()}/${slideCount + 1}`))).status).toBe(404)
  expect(await pageText(`${storyPath()}/1`)).toContain(`1 / ${slideCount}<`)
  expect(await publicHtml(`/people/${person.slug.current}`)).not.toContain(heading)
  await expectRendered(mark, expected, everyPage(slug, slideCount + 1))
})

test("the title: every page of the story, the home page, the lists and every person's page", async () => {
  const original = await stored()
  const title = uniqueMarker('New title')
  const expected = [storyPath(), ...slidePaths(), '/', ...lists, ...everyPersonPage]

  let mark = await publish(setStory({ title }))
  for (const path of [storyPath(), `${storyPath()}/17`, '/', '/feed.xml', everyPersonPage[0] ?? '']) {
    expect(await publicHtml(path), path).toContain(title)
  }
  await expectRendered(mark, expected)

  mark = await publish(setStory({ title: original.title }))
  expect(await publicHtml(`${storyPath()}/17`)).not.toContain(title)
  await expectRendered(mark, expected)
})

test('a slug rename: the old and the new address of every page of the story, the lists and its people', async () => {
  const renamed = `${slug}-renamed`
  const bothAddresses = [storyPath(), ...slidePaths(), storyPath(renamed), ...slidePaths(renamed)]
  const expected = [...bothAddresses, '/', ...lists, ...everyPersonPage]
  const pages = [...everyPage(renamed), storyPath(), ...slidePaths()]

  let mark = await publish(setStory({ 'slug.current': renamed }))
  expect(await publicHtml(`${storyPath(renamed)}/3`)).toContain(story.slides[2]?.heading)
  expect(await publicHtml('/')).toContain(storyPath(renamed))
  for (const path of [storyPath(), `${storyPath()}/3`]) {
    expect((await fetch(siteUrl(path))).status, path).toBe(404)
  }
  await expectRendered(mark, expected, pages)

  mark = await publish(setStory({ 'slug.current': slug }))
  expect((await fetch(siteUrl(`${storyPath()}/3`))).status).toBe(200)
  expect((await fetch(siteUrl(`${storyPath(renamed)}/3`))).status).toBe(404)
  await expectRendered(mark, expected, pages)
})

test('the intro: the story page and the lists (the home page shows the SEO description instead)', async () => {
  const original = await stored()
  const text = uniqueMarker('New intro')
  const expected = [storyPath(), ...lists]

  let mark = await publish(setStory({ dek: paragraph(text) }))
  expect(await publicHtml(storyPath())).toContain(text)
  expect(await publicHtml('/feed.xml')).toContain(text)
  await expectRendered(mark, expected)

  mark = await publish(setStory({ dek: original.dek }))
  expect(await publicHtml(storyPath())).not.toContain(text)
  await expectRendered(mark, expected)
})

test("a person's name: their page, the story that names them, and the lists", async () => {
  const person = people.find((candidate) => candidate.slug.current === 'kim-basinger') ?? people[0]
  if (!person) throw new Error('No person in the dataset')
  const name = uniqueMarker('Renamed person')
  const expected = [`/people/${person.slug.current}`, storyPath(), ...lists]

  let mark = await publish([{ patch: { id: person._id, set: { name } } }])
  expect(await publicHtml(`/people/${person.slug.current}`)).toContain(name)
  expect(await publicHtml(storyPath())).toContain(name)
  expect(await publicHtml('/feed.xml')).toContain(name)
  await expectRendered(mark, expected)

  mark = await publish([{ patch: { id: person._id, set: { name: person.name } } }])
  expect(await publicHtml(storyPath())).not.toContain(name)
  await expectRendered(mark, expected)
})
