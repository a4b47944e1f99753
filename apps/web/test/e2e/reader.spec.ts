import { expect, type Page, test } from '@playwright/test'
import { paragraphs, type SeedSlide, theStory } from './support/dataset'
import { siteUrl } from './support/lake'

const story = theStory()
const slug = story.slug.current
const total = story.slides.length

/** The slide page shows exactly the dataset's heading, paragraphs and credit (or no credit). */
async function expectSlide(page: Page, n: number, slide: SeedSlide): Promise<void> {
  await expect(page).toHaveURL(siteUrl(`/stories/${slug}/${n}`))
  await expect(page.locator('.progress')).toHaveText(`Slide ${n} / ${total}`)
  await expect(page.locator('h1')).toHaveText(slide.heading)
  await expect(page.locator('.slide-body p')).toHaveText(paragraphs(slide.body))
  const credit = page.locator('figure figcaption.credit')
  if (slide.credit) await expect(credit).toHaveText(slide.credit)
  else await expect(credit).toHaveCount(0)
  // Intrinsic size on the photo: no layout shift while it loads.
  await expect(page.locator('figure img')).toHaveAttribute('width', /\d+/)
  await expect(page.locator('figure img')).toHaveAttribute('height', /\d+/)
}

test('the dataset has the story the tests read', () => {
  expect(total).toBe(43)
  expect(story.slides.filter((slide) => !slide.credit)).toHaveLength(2)
})

test('a reader opens the home page, then the whole story, which matches the dataset', async ({ page }) => {
  await page.goto(siteUrl('/'))
  const lead = page.locator('.lead-story')
  await expect(lead.getByRole('heading', { level: 2 })).toHaveText(story.title)
  await lead.getByRole('link').click()

  await expect(page).toHaveURL(siteUrl(`/stories/${slug}`))
  await expect(page.locator('h1')).toHaveText(story.title)
  await expect(page.locator('.dek p')).toHaveText(paragraphs(story.dek))
  const slides = page.locator('ol.slides > li')
  await expect(slides).toHaveCount(total)
  for (const [index, slide] of story.slides.entries()) {
    const item = page.locator(`#slide-${index + 1}`)
    await expect(item.locator('h2')).toHaveText(slide.heading)
    await expect(item.locator('.slide-body p')).toHaveText(paragraphs(slide.body))
    const credit = item.locator('figcaption.credit')
    if (slide.credit) await expect(credit).toHaveText(slide.credit)
    else await expect(credit).toHaveCount(0)
  }
  // Only the first image is fetched eagerly; the rest wait until they are near the viewport.
  await expect(page.locator('main img[loading="lazy"]')).toHaveCount(total)
})

test(`a reader walks all ${total} slides with the Next button`, async ({ page }) => {
  await page.goto(siteUrl(`/stories/${slug}`))
  await page.getByRole('link', { name: 'View as a slideshow' }).click()
  for (const [index, slide] of story.slides.entries()) {
    await expectSlide(page, index + 1, slide)
    if (index + 1 < total) await page.getByRole('link', { name: 'Next', exact: true }).click()
  }
  await expect(page.getByRole('link', { name: 'Next', exact: true })).toHaveCount(0)
  await page.getByRole('link', { name: 'Back to the story' }).click()
  await expect(page).toHaveURL(siteUrl(`/stories/${slug}`))
})

test(`a reader walks all ${total} slides with the arrow keys`, async ({ page }) => {
  await page.goto(siteUrl(`/stories/${slug}/1`))
  for (const [index, slide] of story.slides.entries()) {
    await expectSlide(page, index + 1, slide)
    if (index + 1 < total) await page.keyboard.press('ArrowRight')
  }
  // Past the last slide the arrow does nothing; the left arrow goes back.
  await page.keyboard.press('ArrowRight')
  await expectSlide(page, total, story.slides[total - 1] as SeedSlide)
  await page.keyboard.press('ArrowLeft')
  await expectSlide(page, total - 1, story.slides[total - 2] as SeedSlide)
})

test('a slide page points its canonical URL at the whole story and loads its photo first', async ({
  page,
}) => {
  await page.goto(siteUrl(`/stories/${slug}/12`))
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', siteUrl(`/stories/${slug}`))
  await expect(page.locator('link[rel="preload"][as="image"]')).toHaveAttribute('fetchpriority', 'high')
  await expect(page.locator('figure img')).toHaveAttribute('fetchpriority', 'high')
  const src = await page.locator('figure img').getAttribute('src')
  // A path: the site forwards /images/ to the lake, so the photo loads wherever the page did.
  expect(src).toMatch(/^\/images\/local\/production\//)
  expect(new URL(src ?? '', siteUrl()).searchParams.get('auto')).toBe('format')
})

test('the next slide and its photo are fetched before the reader moves on', async ({ page }) => {
  const requested: string[] = []
  page.on('request', (request) => requested.push(request.url()))
  await page.goto(siteUrl(`/stories/${slug}/12`))
  const nextImageFile = await (async () => {
    const next = await (await fetch(siteUrl(`/stories/${slug}/13`))).text()
    return /\/images\/local\/production\/([^?"]+)\?/.exec(next.slice(next.indexOf('<figure')))?.[1]
  })()
  expect(nextImageFile).toBeTruthy()
  await expect.poll(() => requested.some((url) => url.includes(`${nextImageFile}?`))).toBe(true)
  await expect.poll(() => requested.some((url) => url.includes(`/stories/${slug}/13`))).toBe(true)
})

test('a slide is screenshotted at phone and desktop size', async ({ browser }) => {
  for (const [name, viewport] of [
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1366, height: 900 }],
  ] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: name === 'phone' ? 2 : 1 })
    const page = await context.newPage()
    await page.goto(siteUrl(`/stories/${slug}/12`))
    await page.locator('figure img').evaluate((img: HTMLImageElement) => img.decode())
    await page.screenshot({ path: `test-results/artifacts/slide-${name}.png`, fullPage: true })
    await context.close()
  }
})
