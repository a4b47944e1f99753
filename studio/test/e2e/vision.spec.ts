import { STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { runEnv } from './support/runEnv.ts'
import { screenshot, studioSettled } from './support/studio.ts'

test('Vision runs a GROQ query against the lake and shows the result', async ({ page }, testInfo) => {
  await page.goto(new URL('/vision', runEnv.studioUrl).href)
  await studioSettled(page)
  const editor = page.getByTestId('vision-query-editor').locator('.cm-content')
  await expect(editor).toBeVisible({ timeout: 30_000 })
  await editor.click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  // A marker the seed does not hold, so the result can only have come from this query.
  await editor.pressSequentially(
    `*[_id == "${STORY.id}"][0]{title, "slideCount": count(slides), "probe": "vision-" + "probe"}`,
  )
  await page.getByRole('button', { name: 'Fetch' }).click()
  const result = page.getByTestId('vision-result')
  await expect(result).toContainText(STORY.title)
  await expect(result).toContainText(String(STORY.slideCount))
  await expect(result).toContainText('vision-probe')
  await screenshot(page, testInfo, 'vision-result')
})
