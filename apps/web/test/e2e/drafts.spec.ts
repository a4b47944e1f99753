import { expect, test } from '@playwright/test'
import { theStory } from './support/dataset'
import { getDocument, mutate, postWebhook, publicHtml, siteUrl, uniqueMarker } from './support/lake'
import { previewSecret } from './support/secrets'

const story = theStory()
const slug = story.slug.current
const marker = uniqueMarker('UNPUBLISHED-DRAFT-MARKER')
const draftOnlySlug = uniqueMarker('draft-only-story')
const draftOnlyId = `drafts.${draftOnlySlug}`

/** Every public address a draft could leak into. */
const publicPaths = [
  '/',
  `/stories/${slug}`,
  `/stories/${slug}/3`,
  `/people/alec-baldwin`,
  '/feed.xml',
  '/sitemap.xml',
  `/stories/${draftOnlySlug}`,
]

async function expectNoMarkerInPublicPages(): Promise<void> {
  for (const path of publicPaths) {
    expect(await publicHtml(path), path).not.toContain(marker)
  }
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  // A draft of the published story with a changed slide, and a story that only exists as a draft.
  const published = await getDocument<{ slides: { _key: string; heading: string }[] }>(story._id)
  if (!published) throw new Error(`${story._id} is not in the lake`)
  const slides = published.slides.map((slide, index) => (index === 2 ? { ...slide, heading: marker } : slide))
  await mutate([
    { createOrReplace: { ...published, _id: `drafts.${story._id}`, slides } },
    {
      createOrReplace: {
        _id: draftOnlyId,
        _type: 'article',
        title: marker,
        slug: { _type: 'slug', current: draftOnlySlug },
        slides: [{ ...story.slides[0], _key: 'only' }],
      },
    },
  ])
})

test.afterAll(async () => {
  await mutate([{ delete: { id: `drafts.${story._id}` } }, { delete: { id: draftOnlyId } }])
})

test('a draft never appears on a public page, in the sitemap or in the feed', async () => {
  await expectNoMarkerInPublicPages()
  expect((await fetch(siteUrl(`/stories/${draftOnlySlug}`))).status).toBe(404)
})

test('re-rendering a page while a draft exists still shows the published version', async () => {
  const response = await postWebhook({ _id: story._id, _type: 'article', slug, operation: 'update' })
  expect(response.status).toBe(200)
  await expectNoMarkerInPublicPages()
})

test('draft mode needs the secret', async ({ page }) => {
  const response = await page.goto(siteUrl('/api/draft-mode/enable?secret=wrong'))
  expect(response?.status()).toBe(401)
  await page.goto(siteUrl(`/stories/${slug}/3`))
  await expect(page.locator('h1')).not.toHaveText(marker)
  await expect(page.getByRole('status').filter({ hasText: 'Preview' })).toHaveCount(0)
})

test('in draft mode the drafts are shown under a Preview bar, uncached, with a way out', async ({ page }) => {
  const redirect = encodeURIComponent(`/stories/${slug}/3`)
  await page.goto(siteUrl(`/api/draft-mode/enable?secret=${previewSecret()}&redirect=${redirect}`))
  await expect(page).toHaveURL(siteUrl(`/stories/${slug}/3`))
  await expect(page.locator('h1')).toHaveText(marker)
  const bar = page.getByRole('status').filter({ hasText: 'Preview' })
  await expect(bar).toBeVisible()

  const draftPage = await page.request.get(siteUrl(`/stories/${slug}/3`))
  expect(draftPage.headers()['cache-control']).toMatch(/no-store|private/)
  const draftOnly = await page.goto(siteUrl(`/stories/${draftOnlySlug}`))
  expect(draftOnly?.status()).toBe(200)
  await expect(page.locator('h1')).toHaveText(marker)

  // Meanwhile, readers still get the published story: nothing from draft mode was cached.
  await expectNoMarkerInPublicPages()

  await page.goto(siteUrl(`/stories/${slug}/3`))
  await bar.getByRole('link', { name: 'Exit preview' }).click()
  await expect(page).toHaveURL(siteUrl('/'))
  await page.goto(siteUrl(`/stories/${slug}/3`))
  await expect(page.locator('h1')).toHaveText(story.slides[2]?.heading ?? '')
  await expect(bar).toHaveCount(0)
})
