import { expect, type Locator, type Page } from '@playwright/test'
import { API_VERSION, DATASET } from './constants.ts'
import { runEnv } from './runEnv.ts'
import { documentPane } from './studio.ts'

/** Where the Studio keeps the story's comments and tasks: the lake's add-on for the dataset. */
export const COMMENTS_DATASET = `${DATASET}-comments`

/** The add-on the Studio finds for `dataset`'s comments and tasks, as its discovery call asks. */
export async function commentsAddonOf(dataset: string): Promise<string | undefined> {
  const search = new URLSearchParams({ datasetProfile: 'comments', addonFor: dataset })
  const response = await fetch(`${runEnv.lakeUrl}/${API_VERSION}/projects/local/datasets?${search}`)
  return ((await response.json()) as Array<{ name: string }>)[0]?.name
}

/** The lake's id for the identity a token signs in as. */
export async function userIdOf(token: string): Promise<string> {
  const response = await fetch(`${runEnv.lakeUrl}/${API_VERSION}/users/me`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return ((await response.json()) as { id: string }).id
}

/**
 * Writes into the comment box that has focus, `@name` picking that person from the mentions menu,
 * and sends it.
 */
export async function writeComment(page: Page, parts: string[]): Promise<void> {
  for (const part of parts) {
    await page.keyboard.type(part)
    if (!part.startsWith('@')) continue
    await expect(page.getByTestId('comments-mentions-menu')).toContainText(part.slice(1))
    await page.keyboard.press('Enter')
  }
  const box = page.getByTestId('comment-input').filter({ hasText: parts[0] ?? '' })
  await box.getByTestId('comment-input-send-button').click()
}

/**
 * The "fields now have comments" tip the inspector shows when it opens. The lake keeps no per-user
 * Studio settings, so it shows every time, covering the form until it is dismissed.
 */
export async function dismissCommentsTip(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Got it' }).click()
}

/** Opens the document's comments from its pane header. */
export async function openComments(page: Page): Promise<void> {
  await documentPane(page).getByRole('button', { name: 'Comments', exact: true }).click()
  await dismissCommentsTip(page)
}

/** One comment (opening a thread or replying in one) in the open comments inspector. */
export function commentItem(page: Page, text: string): Locator {
  return page.getByTestId('comments-list-item').filter({ hasText: text })
}
