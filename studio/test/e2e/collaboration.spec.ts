import { SECOND_EDITOR, STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { mutate, uniqueMarker } from './support/lakeApi.ts'
import { documentPane, screenshot } from './support/studio.ts'

// The editors' edits stay in a draft; remove it so later tests find the story as seeded.
test.afterAll(async () => {
  await mutate([{ delete: { id: `drafts.${STORY.id}` } }])
})

test('two editors see each other live in the same story, by name', async ({
  page,
  browser,
  openStudio,
  requestsOffMachine,
}, testInfo) => {
  // The first editor is the lake's dev identity; the second signs in with a token in the URL.
  await openStudio(`/structure/stories;${STORY.id}`)
  const secondContext = await browser.newContext({ viewport: page.viewportSize() ?? undefined })
  requestsOffMachine.watch(secondContext)
  try {
    const second = await secondContext.newPage()
    await openStudio(`/structure/stories;${STORY.id}#token=${SECOND_EDITOR.token}`, second)
    await expect(second.getByTestId('studio-navbar')).toContainText('SE')

    // Presence: each sees the other on the document.
    await expect(
      documentPane(page).getByTestId('document-level-presence').getByLabel(SECOND_EDITOR.name),
    ).toBeVisible()
    await expect(
      documentPane(second).getByTestId('document-level-presence').getByLabel('Local Developer'),
    ).toBeVisible()

    const title = uniqueMarker('Edited by the first editor')
    await documentPane(page).getByTestId('field-title').locator('input').fill(title)
    await expect(documentPane(second).getByTestId('field-title').locator('input')).toHaveValue(title)
    await screenshot(second, testInfo, 'second-editor-sees-title')

    const seo = uniqueMarker('Written by the second editor')
    await documentPane(second).getByTestId('group-tab-seo').click()
    await documentPane(second).getByTestId('field-seoDescription').locator('textarea').fill(seo)
    await documentPane(page).getByTestId('group-tab-seo').click()
    await expect(documentPane(page).getByTestId('field-seoDescription').locator('textarea')).toHaveValue(seo)
    await screenshot(page, testInfo, 'first-editor-sees-seo')
  } finally {
    await secondContext.close()
  }
})
