import type { Page } from '@playwright/test'
import { STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import type { LakeDocument } from './support/lakeApi.ts'
import { act, getDocument, mutate, query, uniqueMarker } from './support/lakeApi.ts'
import { runEnv } from './support/runEnv.ts'
import { slideHeadingOnSite } from './support/siteApi.ts'
import {
  chooseFromMenu,
  closeDialog,
  documentPane,
  footer,
  openSlide,
  screenshot,
  slideRow,
  studioSettled,
} from './support/studio.ts'

interface Slide {
  _key: string
  heading: string
}
type Story = LakeDocument & { slides: Slide[] }
interface Release extends LakeDocument {
  state: string
  publishAt?: string
  metadata: { title?: string; releaseType?: string; cardinality?: string; intendedPublishAt?: string }
  finalDocumentStates?: Array<{ id: string }>
}

const SLIDE = 3
const SLIDE_KEY = 'slide-03'
const SEEDED_HEADING = 'Smooth Talker'
const embargoedHeading = uniqueMarker('Smooth Talker, Embargoed')
const releaseTitle = uniqueMarker('Morning embargo')
/** The release the first test creates in the Studio; the next ones schedule and publish it. */
let releaseId = ''
/** Every release this file made, for the clean-up. */
const made = new Set<string>()

// Times in the Studio's pickers are the browser's; UTC makes them the same as the test's.
test.use({ timezoneId: 'UTC' })
test.describe.configure({ mode: 'serial' })

const release = (id: string) => getDocument<Release>(`_.releases.${id}`)
const versionOfStory = (id: string) => `versions.${id}.${STORY.id}`
const publishedHeading = async () => (await getDocument<Story>(STORY.id))?.slides[SLIDE - 1]?.heading

/** The release id the Studio shows at `/releases/<id>`. */
function releaseIdIn(page: Page): string {
  const id = /\/releases\/([^/?]+)/.exec(new URL(page.url()).pathname)?.[1]
  if (!id) throw new Error(`no release open at ${page.url()}`)
  return id
}

/** Whole minutes are all the Studio's pickers set: the next one at least `leadMs` away. */
function nextMinute(leadMs: number): Date {
  const at = new Date(Date.now() + leadMs)
  at.setUTCSeconds(0, 0)
  return new Date(at.getTime() + 60_000)
}

const hhmm = (at: Date) => at.toISOString().slice(11, 16)
/** The Studio's date-time field format, e.g. "Dec 1, 2026 19:27". */
const pickerText = (at: Date) =>
  `${new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(at)} ${hhmm(at)}`

/**
 * Opens the Releases tool at `path`. `openStudio` waits for a structure pane, which the tool has
 * none of, so the Studio opens first and then goes there, its console still watched.
 */
async function openReleases(page: Page, openStudio: (path?: string) => Promise<Page>, path: string) {
  await openStudio()
  await page.goto(new URL(path, runEnv.studioUrl).href)
  await expect(page.getByTestId('releases-tool-link')).toBeVisible({ timeout: 30_000 })
  await studioSettled(page)
}

async function releaseMenu(page: Page, item: string): Promise<void> {
  await chooseFromMenu(page.getByTestId('release-menu-button'), page.getByTestId(item))
}

// Whatever a failed run left: no release may publish later, in another file's tests.
test.afterAll(async () => {
  for (const id of made) {
    const left = await release(id)
    if (left?.state === 'scheduled')
      await act([{ actionType: 'sanity.action.release.unschedule', releaseId: id }])
    if (left?.state === 'scheduled' || left?.state === 'active')
      await act([{ actionType: 'sanity.action.release.archive', releaseId: id }])
    if (left) await act([{ actionType: 'sanity.action.release.delete', releaseId: id }])
  }
  const story = await getDocument<Story>(STORY.id)
  if (story && story.slides[SLIDE - 1]?.heading !== SEEDED_HEADING) {
    await mutate([
      { patch: { id: STORY.id, set: { [`slides[_key=="${SLIDE_KEY}"].heading`]: SEEDED_HEADING } } },
    ])
  }
  await mutate([{ delete: { id: `drafts.${STORY.id}` } }])
})

test('creates a release, adds a change to the story and sees it in the release perspective', async ({
  page,
  openStudio,
}, testInfo) => {
  expect(await publishedHeading()).toBe(SEEDED_HEADING)
  await openReleases(page, openStudio, '/releases')
  await page.getByRole('button', { name: 'New release' }).click()
  await page.getByTestId('release-form-title').fill(releaseTitle)
  await page.getByTestId('submit-release-button').click()
  await expect(page).toHaveURL(/\/releases\/r[\w-]+/)
  releaseId = releaseIdIn(page)
  made.add(releaseId)
  expect(await release(releaseId)).toMatchObject({ state: 'active', metadata: { title: releaseTitle } })
  await screenshot(page, testInfo, 'release-created')

  // The release is the Studio's perspective now: the story is not in it until added.
  await openStudio(`/structure/stories;${STORY.id}?perspective=${releaseId}`)
  await page.getByRole('button', { name: 'Add to release' }).click()
  await expect
    .poll(async () => (await getDocument(versionOfStory(releaseId)))?._id)
    .toBe(versionOfStory(releaseId))
  const dialog = await openSlide(page, SEEDED_HEADING)
  await dialog
    .getByTestId(`field-slides[_key=="${SLIDE_KEY}"].heading`)
    .locator('input')
    .fill(embargoedHeading)
  await closeDialog(page)
  await expect
    .poll(async () => (await getDocument<Story>(versionOfStory(releaseId)))?.slides[SLIDE - 1]?.heading)
    .toBe(embargoedHeading)
  await expect(slideRow(page, embargoedHeading)).toBeVisible()
  await screenshot(page, testInfo, 'story-in-release')
  // Readers and the drafts perspective still have the published story.
  expect(await publishedHeading()).toBe(SEEDED_HEADING)
  expect(await getDocument(`drafts.${STORY.id}`)).toBeUndefined()

  await openReleases(page, openStudio, `/releases/${releaseId}`)
  await expect(page.getByTestId(`changed-badge-${versionOfStory(releaseId)}`)).toBeVisible()
  await screenshot(page, testInfo, 'release-lists-story')
})

test('schedules the release for the next minute: the site shows the change then, not before', async ({
  page,
  openStudio,
}, testInfo) => {
  test.skip(!runEnv.siteUrl, `the reader site is not part of this run: ${runEnv.siteSkip}`)
  // Up to a minute waiting for the scheduled time, on top of a test's usual steps.
  test.setTimeout(240_000)
  expect(releaseId, 'the first test made the release').not.toBe('')
  expect(await slideHeadingOnSite(STORY.slug, SLIDE)).toBe(SEEDED_HEADING)
  const publishAt = nextMinute(20_000)

  await openReleases(page, openStudio, `/releases/${releaseId}`)
  await page.getByTestId('release-type-picker').click()
  await page.getByText('At time', { exact: true }).click()
  // The whole date and time, typed: near midnight the next minute is another day.
  const when = page.getByTestId('date-input')
  await when.fill(pickerText(publishAt))
  await when.press('Enter')
  await page.getByTestId('release-form-title').click()
  await expect
    .poll(async () => (await release(releaseId))?.metadata.intendedPublishAt)
    .toBe(publishAt.toISOString())
  await page.getByTestId('schedule-button').click()
  await expect(page.getByRole('dialog').getByTestId('date-input')).toHaveValue(pickerText(publishAt))
  await page.getByRole('dialog').getByTestId('confirm-button').click()
  await expect.poll(async () => (await release(releaseId))?.state).toBe('scheduled')
  expect((await release(releaseId))?.publishAt).toBe(publishAt.toISOString())
  await screenshot(page, testInfo, 'release-scheduled')

  // A reader polling the page: the old heading until publishAt, the embargoed one after it.
  const seen: Array<{ at: number; heading: string | null }> = []
  await expect
    .poll(
      async () => {
        const heading = await slideHeadingOnSite(STORY.slug, SLIDE)
        seen.push({ at: Date.now(), heading })
        return heading
      },
      { timeout: publishAt.getTime() - Date.now() + 30_000, intervals: [500] },
    )
    .toBe(embargoedHeading)
  const early = seen.filter(({ at, heading }) => heading === embargoedHeading && at < publishAt.getTime())
  expect(early, 'the site showed the change before publishAt').toEqual([])
  expect(
    seen.some(({ heading }) => heading === SEEDED_HEADING),
    'the site had the old heading first',
  ).toBe(true)

  expect(await release(releaseId)).toMatchObject({ state: 'published' })
  expect(await publishedHeading()).toBe(embargoedHeading)
  await openReleases(page, openStudio, `/releases/${releaseId}`)
  await expect(page.getByTestId('status-publishRelease')).toBeVisible()
  await screenshot(page, testInfo, 'release-published')
})

test('archives, unarchives and deletes a release', async ({ page, openStudio }, testInfo) => {
  const id = `r${Date.now().toString(36)}`
  made.add(id)
  await act([
    {
      actionType: 'sanity.action.release.create',
      releaseId: id,
      metadata: { title: uniqueMarker('Shelved') },
    },
    {
      actionType: 'sanity.action.document.version.create',
      publishedId: STORY.id,
      baseId: STORY.id,
      versionId: versionOfStory(id),
    },
  ])
  await openReleases(page, openStudio, `/releases/${id}`)
  await expect(page.getByTestId(`changed-badge-${versionOfStory(id)}`)).toBeVisible()

  await releaseMenu(page, 'archive-release-menu-item')
  await page.getByRole('dialog').getByTestId('confirm-button').click()
  await expect.poll(async () => (await release(id))?.state).toBe('archived')
  expect(await getDocument(versionOfStory(id))).toBeUndefined()
  // An archived release still lists what it held (from history).
  await expect(page.getByText('This release is archived')).toBeVisible()
  await expect(page.getByTestId('table-row')).toHaveCount(1)
  await screenshot(page, testInfo, 'archived')

  await releaseMenu(page, 'unarchive-release-menu-item')
  await expect.poll(async () => (await release(id))?.state).toBe('active')
  await expect.poll(async () => (await getDocument(versionOfStory(id)))?._id).toBe(versionOfStory(id))
  await expect(page.getByTestId(`changed-badge-${versionOfStory(id)}`)).toBeVisible()
  await screenshot(page, testInfo, 'unarchived')

  await releaseMenu(page, 'archive-release-menu-item')
  await page.getByRole('dialog').getByTestId('confirm-button').click()
  await expect.poll(async () => (await release(id))?.state).toBe('archived')
  await releaseMenu(page, 'delete-release-menu-item')
  await page.getByRole('dialog').getByTestId('confirm-button').click()
  await expect.poll(async () => await release(id)).toBeUndefined()
  await expect(page).toHaveURL(/\/releases\/?(\?.*)?$/)
  made.delete(id)
})

test("schedules a single document's draft from its menu", async ({ page, openStudio }, testInfo) => {
  const published = await getDocument<Story>(STORY.id)
  if (!published) throw new Error(`${STORY.id} is not in the lake`)
  const draftTitle = uniqueMarker('Scheduled draft title')
  await mutate([{ createOrReplace: { ...published, _id: `drafts.${STORY.id}`, title: draftTitle } }])
  const publishAt = nextMinute(3_600_000)

  await openStudio(`/structure/stories;${STORY.id}`)
  await expect(documentPane(page).getByTestId('field-title').locator('input')).toHaveValue(draftTitle)
  await chooseFromMenu(
    footer(page).getByTestId('action-menu-button'),
    page.getByTestId('action-Schedulepublish'),
  )
  const dialog = page.getByRole('dialog')
  await dialog.getByTestId('date-input').fill(pickerText(publishAt))
  await dialog.getByTestId('date-input').press('Enter')
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click()
  await expect(documentPane(page).getByText(/Scheduled to be published/)).toBeVisible()
  await screenshot(page, testInfo, 'draft-scheduled')

  const [scheduled] = await query<Release[]>(
    '*[_type == "system.release" && metadata.cardinality == "one" && state == "scheduled" && publishAt == $at]',
    { at: publishAt.toISOString() },
  )
  expect(scheduled).toBeDefined()
  const id = scheduled?._id.slice('_.releases.'.length) ?? ''
  made.add(id)
  expect(await getDocument(versionOfStory(id))).toMatchObject({ title: draftTitle })
  expect(await getDocument(STORY.id)).toMatchObject({ title: STORY.title })
})
