import { expect, test } from '@playwright/test'
import { releaseRemoval, releaseWithVersion } from '@slideshow/testkit/releases'
import { theStory } from './support/dataset'
import { act, getDocument, publicHtml, siteUrl, uniqueMarker } from './support/lake'
import { previewSecret } from './support/secrets'

const story = theStory()
const slug = story.slug.current
const marker = uniqueMarker('EMBARGOED-RELEASE-MARKER')
const releaseTitle = uniqueMarker('Six o’clock embargo')
const releaseId = `rpreview${Date.now().toString(36)}`

/** Every public address an embargoed change could leak into. */
const publicPaths = ['/', `/stories/${slug}`, `/stories/${slug}/3`, '/feed.xml', '/sitemap.xml']

const enable = (query: string) =>
  siteUrl(
    `/api/draft-mode/enable?secret=${previewSecret()}&redirect=${encodeURIComponent(`/stories/${slug}/3`)}${query}`,
  )

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  // A release holding the story with slide 3 changed: what an editor embargoes until its time.
  const published = await getDocument<{ slides: { heading: string }[] }>(story._id)
  if (!published) throw new Error(`${story._id} is not in the lake`)
  const slides = published.slides.map((slide, index) => (index === 2 ? { ...slide, heading: marker } : slide))
  await act(
    releaseWithVersion({
      id: releaseId,
      title: releaseTitle,
      releaseType: 'scheduled',
      publishedId: story._id,
      document: { ...published, slides },
    }),
  )
})

test.afterAll(async () => {
  await act(releaseRemoval(releaseId))
})

test('an unpublished release never reaches a public page', async () => {
  for (const path of publicPaths) expect(await publicHtml(path), path).not.toContain(marker)
})

test('draft mode previews a release by its id, under a bar that names it', async ({ page }) => {
  await page.goto(enable(`&perspective=${releaseId}`))
  await expect(page).toHaveURL(siteUrl(`/stories/${slug}/3`))
  await expect(page.locator('h1')).toHaveText(marker)
  const bar = page.getByRole('status').filter({ hasText: 'Preview' })
  await expect(bar).toContainText(releaseTitle)

  // Meanwhile readers get the published story: nothing from the preview was cached.
  for (const path of publicPaths) expect(await publicHtml(path), path).not.toContain(marker)

  // Draft mode without a release is the drafts again (there are none here): the published heading.
  await page.goto(enable(''))
  await expect(page.locator('h1')).toHaveText(story.slides[2]?.heading ?? '')
  await expect(bar).toContainText('unpublished drafts')

  await page.goto(enable(`&perspective=${releaseId}`))
  await bar.getByRole('link', { name: 'Exit preview' }).click()
  await page.goto(siteUrl(`/stories/${slug}/3`))
  await expect(page.locator('h1')).toHaveText(story.slides[2]?.heading ?? '')
  await expect(bar).toHaveCount(0)
})

test('a perspective that is not a release id is refused', async ({ page }) => {
  for (const perspective of ['raw', 'published', 'not a release']) {
    const response = await page.goto(enable(`&perspective=${encodeURIComponent(perspective)}`))
    expect(response?.status(), perspective).toBe(400)
  }
})
