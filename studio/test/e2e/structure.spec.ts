import { NO_CREDIT_LABEL } from '@slideshow/schema'
import { STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { getDocument, type LakeDocument, mutate, uniqueMarker } from './support/lakeApi.ts'
import {
  closeDialog,
  documentPane,
  dragSlide,
  openDeskItem,
  openDocumentId,
  screenshot,
  scrollFormTo,
  slideRow,
} from './support/studio.ts'

interface Draft extends LakeDocument {
  slides?: { _key: string; heading?: string }[]
  people?: { _ref: string }[]
}

/** The Baldwin slides whose photos are uncredited in the source, as the seed text has them. */
const UNCREDITED_SLIDES = ['High Hopes', 'It’s A Love Story']

let newStoryId = ''

test.afterAll(async () => {
  if (newStoryId) await mutate([{ delete: { id: `drafts.${newStoryId}` } }])
})

test('the attention lists: no story lacks alt text, and the Baldwin story has uncredited slides', async ({
  page,
  openStudio,
}, testInfo) => {
  await openStudio()
  await openDeskItem(page, 'Slides with missing alt text or credit')
  await page.getByTestId('pane-item-Images without alt text (blocks publishing)').click()
  await expect(page.getByText('No documents of this type')).toBeVisible()
  await screenshot(page, testInfo, 'no-missing-alt-text')

  await page.getByTestId('pane-item-Slides without a photo credit').click()
  const story = page.getByRole('link').filter({ hasText: STORY.title })
  await expect(story).toBeVisible()
  await story.click()
  // The two slides whose photos the source leaves uncredited say so in the slide list.
  for (const heading of UNCREDITED_SLIDES) {
    const row = slideRow(page, heading)
    await scrollFormTo(page, row)
    await expect(row).toContainText(NO_CREDIT_LABEL)
  }
  await screenshot(page, testInfo, 'uncredited-slide')
})

test('a new story starts with one empty slide, takes its slug from the title, finds people by search, and reorders slides by drag', async ({
  page,
  openStudio,
}, testInfo) => {
  await openStudio()
  await openDeskItem(page, 'Stories')
  await page.getByTestId('action-intent-button').click()
  const pane = documentPane(page)
  const slides = pane.getByTestId('field-slides')
  await expect(slides.getByTestId('default-preview')).toHaveCount(1)
  await expect(slides).toContainText('Untitled slide')
  await screenshot(page, testInfo, 'new-story')

  const title = uniqueMarker('A brand new story')
  await pane.getByTestId('field-title').locator('input').fill(title)
  await pane.getByTestId('field-slug').getByRole('button', { name: 'Generate' }).click()
  await expect(pane.getByTestId('field-slug').locator('input')).toHaveValue(
    title.toLowerCase().replace(/\s+/g, '-'),
  )
  newStoryId = openDocumentId(page)

  // Name the first slide, add a second one.
  await slides.getByText('Untitled slide').click()
  await page.getByRole('dialog').locator('[data-testid$=".heading"] input').fill('Opening slide')
  await closeDialog(page)
  await slides.getByTestId('add-single-object-button').click()
  await page.getByRole('dialog').locator('[data-testid$=".heading"] input').fill('Closing slide')
  await closeDialog(page)
  await expect
    .poll(async () =>
      (await getDocument<Draft>(`drafts.${newStoryId}`))?.slides?.map((slide) => slide.heading),
    )
    .toEqual(['Opening slide', 'Closing slide'])

  await dragSlide(page, 'Closing slide', 'Opening slide')
  await expect
    .poll(async () =>
      (await getDocument<Draft>(`drafts.${newStoryId}`))?.slides?.map((slide) => slide.heading),
    )
    .toEqual(['Closing slide', 'Opening slide'])
  await screenshot(page, testInfo, 'slides-reordered')

  // People are references found by typing part of a name.
  await pane.getByTestId('group-tab-people').click()
  await pane.getByTestId('field-people').getByTestId('add-single-object-button').click()
  await page.getByRole('combobox').last().fill('Hilaria')
  await page.getByRole('option').filter({ hasText: 'Hilaria Baldwin' }).click()
  await expect
    .poll(async () =>
      (await getDocument<Draft>(`drafts.${newStoryId}`))?.people?.map((person) => person._ref),
    )
    .toEqual(['person-hilaria-baldwin'])
  await screenshot(page, testInfo, 'person-referenced')
})
