import { expect, type Page, test } from '@playwright/test'
import { createClient } from '@sanity/client'
import { createPreviewSecret } from '@sanity/preview-url-secret/create-secret'
import { ADMIN_TOKEN } from './support/constants'
import { theStory } from './support/dataset'
import {
  getDocument,
  mutate,
  postWebhook,
  publicHtml,
  siteUrl,
  syncTagsOf,
  uniqueMarker,
} from './support/lake'
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

/** A secret as the Studio's Presentation tool makes one: a `sanity.previewUrlSecret` draft in the lake. */
async function presentationSecret(): Promise<string> {
  const client = createClient({
    projectId: 'local',
    dataset: 'production',
    apiVersion: '2025-02-19',
    apiHost: process.env.E2E_LAKE_URL,
    useProjectHostname: false,
    useCdn: false,
    token: ADMIN_TOKEN,
  })
  const { secret } = await createPreviewSecret(client, 'e2e', 'http://localhost:3333', 'e2e-editor')
  return secret
}

/** The link Presentation opens the site with; `perspective` as its perspective menu has it. */
function presentationLink(secret: string, pathname: string, perspective?: string): string {
  const query = new URLSearchParams({ 'sanity-preview-secret': secret, 'sanity-preview-pathname': pathname })
  if (perspective) query.set('sanity-preview-perspective', perspective)
  return siteUrl(`/api/draft-mode/enable?${query}`)
}

/**
 * The scripts the page loaded that contain `text` (the visual-editing bundle's custom element). In
 * draft mode the page is done loading scripts once its overlays open the live route.
 */
async function loadedScriptsContaining(
  page: Page,
  path: string,
  text: string,
  draft: boolean,
): Promise<string[]> {
  const urls = new Set<string>()
  const listener = (request: import('@playwright/test').Request) => {
    if (request.resourceType() === 'script') urls.add(request.url())
  }
  page.on('request', listener)
  const live = draft
    ? page.waitForRequest((request) => request.url().endsWith('/api/draft-mode/live'))
    : undefined
  await page.goto(siteUrl(path), { waitUntil: 'load' })
  await live
  page.off('request', listener)
  const found: string[] = []
  for (const url of urls) if ((await (await page.request.get(url)).text()).includes(text)) found.push(url)
  return found
}

// The custom element @sanity/visual-editing renders its overlays into.
const VISUAL_EDITING_MARKER = 'sanity-visual-editing'
// Stega hides its source map in these invisible characters.
const STEGA_CHARACTERS = /\u200b|\u200c|\u200d|\u2062|\u2063|\ufeff/

test.describe('Presentation secrets', () => {
  test('a Presentation secret turns draft mode on, with overlays on the fields editors click', async ({
    page,
  }) => {
    const secret = await presentationSecret()
    await page.goto(presentationLink(secret, `/stories/${slug}/3`))
    await expect(page).toHaveURL(siteUrl(`/stories/${slug}/3`))
    await expect(page.locator('h1')).toHaveText(marker)
    const slide = story.slides[2]
    const heading = await page.locator('h1').getAttribute('data-sanity')
    expect(heading).toContain(story._id)
    // The Studio's path encoding: slide by `_key`, then the field.
    expect(heading).toContain(`path=slides:${slide?._key}.heading`)
    for (const field of ['body', 'image', 'credit']) {
      await expect(page.locator(`[data-sanity*='${field}']`).first(), field).toBeAttached()
    }
    expect(await loadedScriptsContaining(page, `/stories/${slug}`, VISUAL_EDITING_MARKER, true)).not.toEqual(
      [],
    )
    await expect(page.locator("[data-sanity*='title']").first()).toBeAttached()
    await page.goto(siteUrl('/people/alec-baldwin'))
    await expect(page.locator("h1[data-sanity*='name']")).toBeAttached()
    // A slide without a credit (29 has none in the source) still has a credit line to click, in preview only.
    const uncredited = story.slides.findIndex((slide) => !slide.credit) + 1
    expect(uncredited).toBeGreaterThan(0)
    await page.goto(siteUrl(`/stories/${slug}/${uncredited}`))
    await expect(page.locator("figcaption[data-sanity*='credit']")).toHaveText('No credit')
    expect(await publicHtml(`/stories/${slug}/${uncredited}`)).not.toContain('No credit')
  })

  test('a secret the lake does not hold, or an empty one, is refused with 401 and no draft mode', async ({
    page,
  }) => {
    for (const secret of ['not-a-secret', '']) {
      const response = await page.request.get(presentationLink(secret, `/stories/${slug}/3`), {
        maxRedirects: 0,
      })
      expect(response.status(), JSON.stringify(secret)).toBe(401)
      expect(await response.json()).toEqual({ message: 'Invalid preview secret' })
      expect(response.headers()['set-cookie'] ?? '').not.toContain('__prerender_bypass')
    }
    // A real secret is refused once deleted from the lake: validity lives there, not in the link.
    const secret = await presentationSecret()
    await mutate([{ delete: { query: '*[_type == "sanity.previewUrlSecret"]' } }])
    const response = await page.request.get(presentationLink(secret, '/'), { maxRedirects: 0 })
    expect(response.status()).toBe(401)
  })

  test('a Presentation link redirects only to a path on this site', async ({ page }) => {
    for (const target of [
      '/.//evil.example/x',
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
    ]) {
      const response = await page.request.get(presentationLink(await presentationSecret(), target), {
        maxRedirects: 0,
      })
      expect(response.status(), target).toBeGreaterThanOrEqual(300)
      expect(response.status(), target).toBeLessThan(400)
      const location = response.headers().location ?? ''
      expect(new URL(location, siteUrl()).origin, target).toBe(new URL(siteUrl()).origin)
      expect(location.startsWith('//'), target).toBe(false)
    }
  })

  test('public pages carry no overlays, no data-sanity, no stega and none of the visual-editing code', async ({
    page,
  }) => {
    for (const path of publicPaths) {
      const html = await publicHtml(path)
      expect(html, path).not.toContain('data-sanity')
      expect(html, path).not.toMatch(STEGA_CHARACTERS)
      expect(html, path).not.toContain(VISUAL_EDITING_MARKER)
      expect(html, path).not.toContain('preview-tags')
    }
    expect(await loadedScriptsContaining(page, `/stories/${slug}`, VISUAL_EDITING_MARKER, false)).toEqual([])
    expect(await loadedScriptsContaining(page, `/stories/${slug}/3`, VISUAL_EDITING_MARKER, false)).toEqual(
      [],
    )
  })
})

test.describe('Live drafts', () => {
  const personId = 'person-hilaria-baldwin'
  const draftName = uniqueMarker('Hilaria Draft')

  const unrelatedPrefix = uniqueMarker('person-not-on-the-page')
  const unrelatedCandidates = Array.from({ length: 20 }, (_, index) => `${unrelatedPrefix}-${index}`)

  /** The first candidate id none of whose sync tags is among `tags`. */
  async function idOutside(tags: string[]): Promise<string> {
    for (const id of unrelatedCandidates) {
      const own = await syncTagsOf(id)
      if (own.length > 0 && !own.some((tag) => tags.includes(tag))) return id
    }
    throw new Error('every candidate id shares a tag slot with the page')
  }

  test.afterAll(async () => {
    await mutate([
      { delete: { id: `drafts.${personId}` } },
      ...unrelatedCandidates.map((id) => ({ delete: { id: `drafts.${id}` } })),
    ])
  })

  test("Presentation's Published perspective shows what readers have, not the drafts, and says so", async ({
    page,
  }) => {
    await page.goto(presentationLink(await presentationSecret(), `/stories/${slug}/3`, 'published'))
    await expect(page.locator('h1')).toHaveText(story.slides[2]?.heading ?? '')
    await expect(page.getByRole('status')).toContainText('the published content')
    // Back to Drafts, as the perspective menu switches: the draft again.
    await page.goto(presentationLink(await presentationSecret(), `/stories/${slug}/3`, 'drafts'))
    await expect(page.locator('h1')).toHaveText(marker)
    await expect(page.getByRole('status')).toContainText('unpublished drafts')
  })

  test('the live route answers only in draft mode', async () => {
    const response = await fetch(siteUrl('/api/draft-mode/live'))
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ message: 'Live drafts need draft mode' })
  })

  test("a draft edit to a person re-renders the story that names them, in place, and readers don't see it", async ({
    page,
  }) => {
    // The live route answers once the lake has welcomed its subscription.
    const live = page.waitForResponse((response) => response.url().endsWith('/api/draft-mode/live'))
    await page.goto(presentationLink(await presentationSecret(), `/stories/${slug}`))
    expect((await live).status()).toBe(200)
    const byline = page.locator('.story-header .byline')
    await expect(byline).toContainText('Hilaria Baldwin')
    await page.evaluate(() => {
      ;(window as unknown as { notReloaded?: boolean }).notReloaded = true
    })
    const person = await getDocument<{ _id: string; name: string }>(personId)
    if (!person) throw new Error(`${personId} is not in the lake`)
    await mutate([{ createOrReplace: { ...person, _id: `drafts.${personId}`, name: draftName } }])
    await expect(byline).toContainText(draftName, { timeout: 5000 })
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
    expect(await publicHtml(`/stories/${slug}`)).not.toContain(draftName)
  })

  test('a draft of a document the page does not show is relayed but re-renders nothing; one it shows re-renders once', async ({
    page,
  }) => {
    const path = `/stories/${slug}`
    const live = page.waitForResponse((response) => response.url().endsWith('/api/draft-mode/live'))
    await page.goto(presentationLink(await presentationSecret(), path))
    expect((await live).status()).toBe(200)
    const pageTags = ((await page.locator('#preview-tags').getAttribute('data-tags')) ?? '').split(' ')
    expect(pageTags.filter(Boolean).length, "the page carries its queries' tags").toBeGreaterThan(0)
    // Ids share hashed tag slots (the lake's syncTags.ts): take an unrelated id whose slot the page lacks.
    const unrelatedId = await idOutside(pageTags)

    // A second listener in the page shows the unrelated change does reach it, so ignoring it is the filter's doing.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const seen: string[] = []
          ;(window as unknown as { liveEvents: string[] }).liveEvents = seen
          const events = new EventSource('/api/draft-mode/live')
          events.onopen = () => resolve()
          events.onmessage = (event) => seen.push(event.data)
        }),
    )
    const refreshes: string[] = []
    page.on('request', (request) => {
      if (request.headers().rsc === '1' && new URL(request.url()).pathname === path)
        refreshes.push(request.url())
    })
    await mutate([
      {
        createOrReplace: {
          _id: `drafts.${unrelatedId}`,
          _type: 'person',
          name: 'Nobody On This Page',
          slug: { _type: 'slug', current: unrelatedId },
        },
      },
    ])
    const person = await getDocument<{ _id: string; name: string }>(personId)
    if (!person) throw new Error(`${personId} is not in the lake`)
    const shownName = uniqueMarker('Hilaria Shown')
    await mutate([{ createOrReplace: { ...person, _id: `drafts.${personId}`, name: shownName } }])
    await expect(page.locator('.story-header .byline')).toContainText(shownName, { timeout: 5000 })
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { liveEvents: string[] }).liveEvents.length))
      .toBe(2)
    const relayed = await page.evaluate(() => (window as unknown as { liveEvents: string[] }).liveEvents)
    expect(relayed).toHaveLength(2)
    const unrelatedTags = (JSON.parse(relayed[0] ?? '{}') as { tags: string[] }).tags
    expect(unrelatedTags.length).toBeGreaterThan(0)
    for (const tag of unrelatedTags)
      expect(pageTags, 'the unrelated change touches nothing shown').not.toContain(tag)
    expect(refreshes).toHaveLength(1)
  })
})
