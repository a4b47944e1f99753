import { expect, type Page, test } from '@playwright/test'
import { theStory } from './support/dataset'
import { siteUrl } from './support/lake'

const story = theStory()
const slug = story.slug.current
const slideNumbers = story.slides.map((slide, index) => ({
  n: index + 1,
  credited: Boolean(slide.credit?.trim()),
}))
const uncredited = slideNumbers.filter((slide) => !slide.credited).map((slide) => slide.n)
const credited = slideNumbers.find((slide) => slide.credited)?.n ?? 0

/** Pixels from the bottom of the slide's photo to the top of its heading, as laid out in Chromium. */
async function photoToHeading(page: Page, n: number): Promise<number> {
  await page.goto(siteUrl(`/stories/${slug}/${n}`))
  const photo = await page.locator('figure.photo img').boundingBox()
  const heading = await page.locator('h1#slide-heading').boundingBox()
  if (!photo || !heading) throw new Error(`slide ${n}: photo or heading not laid out`)
  return heading.y - (photo.y + photo.height)
}

test('the dataset has slides with and without a photo credit', () => {
  expect(uncredited).toEqual([29, 33])
  expect(credited).toBeGreaterThan(0)
})

for (const viewport of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`on ${viewport.name}, a slide without a credit keeps the credited slides' space between photo and heading`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport)
    const expected = await photoToHeading(page, credited)
    expect(expected).toBeGreaterThanOrEqual(16)
    for (const n of uncredited) {
      expect(await photoToHeading(page, n), `slide ${n}`).toBeCloseTo(expected, 0)
    }
  })
}
