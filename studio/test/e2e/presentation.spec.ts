import type { Frame, Page } from '@playwright/test'
import { releaseRemoval, releaseWithVersion } from '@slideshow/testkit/releases'
import { STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { act, getDocument, type LakeDocument, mutate, uniqueMarker } from './support/lakeApi.ts'
import { runEnv } from './support/runEnv.ts'
import { slideHeadingOnSite } from './support/siteApi.ts'
import { chooseFromMenu, documentPane, publish, screenshot } from './support/studio.ts'

interface Slide {
  _key: string
  heading: string
}
type Story = LakeDocument & { slides: Slide[] }

const SLIDE = 3
const SLIDE_KEY = 'slide-03'
const SEEDED_HEADING = 'Smooth Talker'
const newHeading = uniqueMarker('Smooth Talker, Live')
const slidePath = `/stories/${STORY.slug}/${SLIDE}`
const releaseId = `rpresentation${Date.now().toString(36)}`
const releaseTitle = uniqueMarker('Presentation release')
const releaseHeading = uniqueMarker('Smooth Talker, Embargoed')

test.describe.configure({ mode: 'serial' })
test.skip(() => !runEnv.siteUrl, `needs the reader site: ${runEnv.siteSkip}`)

// Leave slide 3 as seeded for the suites that follow, published and without a draft.
test.afterAll(async () => {
  const story = await getDocument<Story>(STORY.id)
  if (!story) return
  const slides = story.slides.map((slide) =>
    slide._key === SLIDE_KEY ? { ...slide, heading: SEEDED_HEADING } : slide,
  )
  await mutate([{ delete: { id: `drafts.${STORY.id}` } }, { patch: { id: STORY.id, set: { slides } } }])
  if (await getDocument(`_.releases.${releaseId}`)) {
    await act(releaseRemoval(releaseId))
  }
})

/** The reader site inside Presentation's iframe, once draft mode has put the Preview bar on it. */
async function previewFrame(page: Page): Promise<Frame> {
  const origin = new URL(runEnv.siteUrl ?? '').origin
  // Presentation adds its perspective to the address (`?sanity-preview-perspective=drafts`).
  const onSlide = (frame: Frame) => frame.url().startsWith(`${origin}${slidePath}`)
  await expect.poll(() => page.frames().some(onSlide), { timeout: 30_000 }).toBe(true)
  const frame = page.frames().find(onSlide)
  if (!frame) throw new Error('no preview iframe')
  return frame
}

test('Presentation opens the story beside the site in draft mode, and edits show live until Publish', async ({
  page,
  openStudio,
}, testInfo) => {
  await openStudio(`/presentation?preview=${encodeURIComponent(slidePath)}`)
  // mainDocuments: the slide's URL opens its story's form beside the preview.
  await expect(documentPane(page).getByTestId('document-panel-document-title')).toHaveText(STORY.title)
  const frame = await previewFrame(page)
  await expect(frame.locator('h1')).toHaveText(SEEDED_HEADING)
  await expect(frame.getByRole('status').filter({ hasText: 'Preview' })).toBeVisible()
  // The overlays mount once the page and the Studio have shaken hands.
  await expect(frame.locator('sanity-visual-editing')).toBeAttached()
  await screenshot(page, testInfo, 'presentation-open')

  // A mark that only survives if the page is never reloaded or navigated away from.
  await frame.evaluate(() => {
    ;(globalThis as unknown as { notReloaded?: boolean }).notReloaded = true
  })
  const navigations: string[] = []
  page.on('framenavigated', (navigated) => {
    if (navigated === frame) navigations.push(navigated.url())
  })

  await frame.locator('h1').click()
  const heading = page.getByTestId(`field-slides[_key=="${SLIDE_KEY}"].heading`).locator('input')
  await expect(heading).toBeFocused()
  await expect(heading).toHaveValue(SEEDED_HEADING)
  await screenshot(page, testInfo, 'heading-focused')

  // When the lake acknowledged each of the Studio's commits: it sends the first change of a burst
  // at once and the rest a second later (its own auto-commit throttle), so the preview can only
  // show the whole edit once the last commit is in. The times are recorded, not asserted: how fast
  // is the bench's "Draft edit to preview" (bench/lib/previewLatency.ts), on a quiet machine.
  const commits: number[] = []
  page.on('response', (response) => {
    if (response.url().includes('/data/actions/') && response.request().method() === 'POST')
      commits.push(Date.now())
  })
  await heading.fill(newHeading)
  const typedAt = Date.now()
  await expect(frame.locator('h1')).toHaveText(newHeading, { timeout: 10_000 })
  const shownAt = Date.now()
  const lastCommit = Math.max(...commits.filter((at) => at <= shownAt))
  testInfo.annotations.push(
    { type: 'typed to shown in the preview', description: `${shownAt - typedAt} ms` },
    { type: 'last commit acknowledged to shown', description: `${shownAt - lastCommit} ms` },
  )
  await screenshot(page, testInfo, 'heading-live')
  expect(commits.length, 'the Studio committed the edit').toBeGreaterThan(0)
  expect(await frame.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
    true,
  )
  // Next's router records the refresh in history (same-document), so the frame "navigates" at most
  // to the very address it shows; a reload would have dropped the mark above.
  for (const url of navigations) expect(new URL(url).pathname).toBe(slidePath)

  // Readers still see the published heading; the edit is a draft.
  expect(await slideHeadingOnSite(STORY.slug, SLIDE)).toBe(SEEDED_HEADING)
  await publish(page)
  await expect.poll(() => slideHeadingOnSite(STORY.slug, SLIDE), { timeout: 10_000 }).toBe(newHeading)
})

test("Presentation's perspective menu previews a release, then the published story, then the release again", async ({
  page,
  openStudio,
}, testInfo) => {
  const story = await getDocument<Story>(STORY.id)
  if (!story) throw new Error(`${STORY.id} is not in the lake`)
  const { _rev, _createdAt, _updatedAt, ...content } = story
  const slides = story.slides.map((slide) =>
    slide._key === SLIDE_KEY ? { ...slide, heading: releaseHeading } : slide,
  )
  await act(
    releaseWithVersion({
      id: releaseId,
      title: releaseTitle,
      releaseType: 'asap',
      publishedId: STORY.id,
      document: { ...content, slides },
    }),
  )
  const published = (await getDocument<Story>(STORY.id))?.slides.find((slide) => slide._key === SLIDE_KEY)
  const choose = (item: RegExp) =>
    chooseFromMenu(
      page.getByTestId('global-perspective-menu-button'),
      page.getByRole('menuitem', { name: item }).first(),
    )

  await openStudio(`/presentation?preview=${encodeURIComponent(slidePath)}&perspective=${releaseId}`)
  await expect((await previewFrame(page)).locator('h1')).toHaveText(releaseHeading)
  await expect((await previewFrame(page)).getByRole('status')).toContainText(releaseTitle)
  await screenshot(page, testInfo, 'release-perspective')

  await choose(/^Published/)
  await expect((await previewFrame(page)).locator('h1')).toHaveText(published?.heading ?? '')
  await expect((await previewFrame(page)).getByRole('status')).toContainText('the published content')

  await choose(new RegExp(releaseTitle))
  await expect((await previewFrame(page)).locator('h1')).toHaveText(releaseHeading)
  await screenshot(page, testInfo, 'release-perspective-again')
  // Readers never see the release before it publishes.
  expect(await slideHeadingOnSite(STORY.slug, SLIDE)).toBe(published?.heading)
})
