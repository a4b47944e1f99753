import { STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { getDocument, type LakeDocument, mutate, uniqueMarker } from './support/lakeApi.ts'
import { documentPane, runMenuAction, screenshot } from './support/studio.ts'

// Whatever happens in the Studio, later tests find the story as published.
test.afterAll(async () => {
  await mutate([{ delete: { id: `drafts.${STORY.id}` } }])
})

test('discarding a draft brings back the published text', async ({ page, openStudio }, testInfo) => {
  await openStudio(`/structure/stories;${STORY.id}`)
  const titleInput = documentPane(page).getByTestId('field-title').locator('input')
  const changed = uniqueMarker('A title to throw away')
  await titleInput.fill(changed)
  await expect
    .poll(async () => (await getDocument<LakeDocument & { title: string }>(`drafts.${STORY.id}`))?.title)
    .toBe(changed)
  await screenshot(page, testInfo, 'draft-title')

  await runMenuAction(page, 'Discard changes')
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Discard/ })
    .click()
  await expect(titleInput).toHaveValue(STORY.title)
  await expect.poll(async () => getDocument(`drafts.${STORY.id}`)).toBeUndefined()
  await screenshot(page, testInfo, 'discarded')
})
