import { ALT_TEXT_REQUIRED_MESSAGE, MISSING_ALT_LABEL } from '@slideshow/schema'
import { STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { getDocument, type LakeDocument, mutate } from './support/lakeApi.ts'
import { closeDialog, documentPane, footer, openSlide, screenshot, slideRow } from './support/studio.ts'

type Story = LakeDocument & { slides: { image?: { alt?: string } }[] }

const SLIDE_HEADING = 'Love By Chance'

test.afterAll(async () => {
  await mutate([{ delete: { id: `drafts.${STORY.id}` } }])
})

test('an image without alt text blocks publishing and says why', async ({ page, openStudio }, testInfo) => {
  await openStudio(`/structure/stories;${STORY.id}`)
  const dialog = await openSlide(page, SLIDE_HEADING)
  const alt = dialog.getByTestId('field-slides[_key=="slide-01"].image.alt')
  await alt.locator('input').fill('')
  // The field shows an error marker; hovering it gives the message.
  await alt.getByTestId('input-validation-icon-error').hover()
  await expect(page.getByText(ALT_TEXT_REQUIRED_MESSAGE)).toBeVisible()
  await screenshot(page, testInfo, 'alt-text-message')
  await closeDialog(page)

  await expect
    .poll(async () => (await getDocument<Story>(`drafts.${STORY.id}`))?.slides[0]?.image?.alt)
    .toBeUndefined()
  // The slide list flags the slide, and Publish stays disabled while the error stands.
  await expect(slideRow(page, SLIDE_HEADING)).toContainText(MISSING_ALT_LABEL)
  await expect(footer(page).getByTestId('action-publish')).toBeDisabled()
  await screenshot(page, testInfo, 'publish-blocked')
  // The document's validation panel lists the problem in the same words.
  await documentPane(page).getByRole('button', { name: 'Validation' }).click()
  await expect(documentPane(page).getByText(ALT_TEXT_REQUIRED_MESSAGE)).toBeVisible()
  await screenshot(page, testInfo, 'validation-panel')
  expect((await getDocument<Story>(STORY.id))?.slides[0]?.image?.alt).toBeTruthy()
})
