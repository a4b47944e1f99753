import { STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { getDocument, mutate, uniqueMarker } from './support/lakeApi.ts'
import { runEnv } from './support/runEnv.ts'
import { slideHeadingOnSite } from './support/siteApi.ts'
import {
  closeDialog,
  documentPane,
  footer,
  openDeskItem,
  openSlide,
  publish,
  screenshot,
  slideRow,
} from './support/studio.ts'

interface Slide {
  _key: string
  heading: string
}
type Story = { _id: string; _rev: string; _type: string; slides: Slide[] }

const SLIDE = 7
const SEEDED_HEADING = 'First Kiss'
const newHeading = uniqueMarker('First Kiss, Reconsidered')
/** When the Studio reported the last publish done (the lake had acknowledged it). */
let publishedAt = 0

async function publishedHeading(): Promise<string | undefined> {
  return (await getDocument<Story>(STORY.id))?.slides[SLIDE - 1]?.heading
}

// One editing session, in order: each test starts where the previous one left the story.
test.describe.configure({ mode: 'serial' })

// A session cut short must not leave a draft behind for the tests that follow.
test.afterAll(async () => {
  await mutate([{ delete: { id: `drafts.${STORY.id}` } }])
})

test('opens with no login and lists the Baldwin story with its slide count and thumbnail', async ({
  page,
  openStudio,
}, testInfo) => {
  await openStudio()
  // Logged in as the lake's dev identity: its initials, no login screen.
  await expect(page.getByTestId('studio-navbar')).toContainText('LD')
  await openDeskItem(page, 'Stories')
  const row = page.getByTestId('document-list-pane').getByRole('link').filter({ hasText: STORY.title })
  await expect(row).toContainText('43 slides')
  await expect(row.locator('img')).toBeVisible()
  await screenshot(page, testInfo, 'stories-list')
})

test(`edits slide ${SLIDE}'s heading and publishes it`, async ({ page, openStudio }, testInfo) => {
  await openStudio('/structure/stories')
  await page.getByRole('link').filter({ hasText: STORY.title }).click()
  await expect(documentPane(page).getByTestId('document-panel-document-title')).toHaveText(STORY.title)
  await screenshot(page, testInfo, 'story-open')

  // A slide previews as its heading, its credit and its photo.
  const row = slideRow(page, SEEDED_HEADING)
  const dialog = await openSlide(page, SEEDED_HEADING)
  await expect(row.locator('img')).toBeVisible()
  const heading = dialog.getByTestId('field-slides[_key=="slide-07"].heading').locator('input')
  await expect(heading).toHaveValue(SEEDED_HEADING)
  await heading.fill(newHeading)
  await screenshot(page, testInfo, 'slide-7-edited')
  await closeDialog(page)

  await expect
    .poll(async () => (await getDocument<Story>(`drafts.${STORY.id}`))?.slides[SLIDE - 1]?.heading)
    .toBe(newHeading)
  expect(await publishedHeading()).toBe(SEEDED_HEADING)
  await publish(page)
  publishedAt = Date.now()
  await screenshot(page, testInfo, 'published')
  expect(await publishedHeading()).toBe(newHeading)
  expect(await getDocument(`drafts.${STORY.id}`)).toBeUndefined()
})

test(`the reader site shows slide ${SLIDE}'s new heading within seconds of publishing`, async () => {
  test.skip(!runEnv.siteUrl, `needs the reader site: ${runEnv.siteSkip}`)
  // Publishing made the lake call the site's webhook, which expires the story's pages.
  await expect.poll(() => slideHeadingOnSite(STORY.slug, SLIDE), { timeout: 10_000 }).toBe(newHeading)
  test
    .info()
    .annotations.push({ type: 'publish to live', description: `at most ${Date.now() - publishedAt} ms` })
  expect(await slideHeadingOnSite(STORY.slug, SLIDE)).not.toBe(SEEDED_HEADING)
})

test('the history lists real revisions, and reverting to the seeded one restores the heading', async ({
  page,
  openStudio,
}, testInfo) => {
  await openStudio(`/structure/stories;${STORY.id}`)
  // The published version's history: the seed, then this session's publish.
  await documentPane(page).getByTestId('document-header-Published-chip').click()
  await footer(page).getByTestId('pane-footer-document-status').click()
  await page.getByRole('tab', { name: 'History' }).click()
  const revisions = page.getByTestId('timeline-item-button')
  await expect(revisions.filter({ hasText: 'Published' })).toHaveCount(2)
  await screenshot(page, testInfo, 'history')

  await revisions.filter({ hasText: 'Published' }).last().click()
  await expect(footer(page)).toContainText('Revision from')
  await screenshot(page, testInfo, 'seeded-revision')
  await footer(page).getByTestId('action-reverttorevision').click()
  await page.getByRole('button', { name: 'Confirm' }).click()
  await expect
    .poll(async () => (await getDocument<Story>(`drafts.${STORY.id}`))?.slides[SLIDE - 1]?.heading)
    .toBe(SEEDED_HEADING)
  await screenshot(page, testInfo, 'reverted')

  await documentPane(page).getByTestId('document-header-Draft-chip').click()
  await publish(page)
  expect(await publishedHeading()).toBe(SEEDED_HEADING)
})

test(`the reader site shows slide ${SLIDE}'s seeded heading again after the revert is published`, async () => {
  test.skip(!runEnv.siteUrl, `needs the reader site: ${runEnv.siteSkip}`)
  await expect.poll(() => slideHeadingOnSite(STORY.slug, SLIDE), { timeout: 10_000 }).toBe(SEEDED_HEADING)
})
