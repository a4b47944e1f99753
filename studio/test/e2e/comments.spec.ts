import type { Browser, BrowserContext, Page } from '@playwright/test'
import {
  COMMENTS_DATASET,
  commentItem,
  commentsAddonOf,
  dismissCommentsTip,
  openComments,
  userIdOf,
  writeComment,
} from './support/comments.ts'
import { DATASET, SECOND_EDITOR, STORY } from './support/constants.ts'
import { expect, type StudioFixtures, test } from './support/fixtures.ts'
import { getDocument, type LakeDocument, mutate, query, uniqueMarker } from './support/lakeApi.ts'
import { chooseFromMenu, closeDialog, documentPane, openSlide, screenshot } from './support/studio.ts'

const HEADING_FIELD = 'slides[_key=="slide-07"].heading'

interface Comment {
  _id: string
  status: string
  parentCommentId?: string
  target: { document: { _ref: string }; path: { field: string } }
  message: Array<{ children: Array<{ _type: string; userId?: string; text?: string }> }>
}
type Fixtures = StudioFixtures & { browser: Browser; page: Page }
type Story = LakeDocument & { slides: Array<{ heading: string }> }
interface Task {
  _id: string
  status: string
  assignedTo: string
  dueBy: string
  target: { document: { _ref: string } }
}

// The lake answers 404 for a dataset never made, so there is nothing to clean when a test stopped first.
test.afterAll(async () => {
  await mutate([{ delete: { query: '*[_type in ["comment", "tasks.task"]]' } }], COMMENTS_DATASET).catch(
    () => undefined,
  )
})

/** The second editor's Studio, in a browser context of its own, signed in with their token. */
async function openAsSecondEditor(
  {
    browser,
    page,
    openStudio,
    requestsOffMachine,
  }: Pick<Fixtures, 'browser' | 'page' | 'openStudio' | 'requestsOffMachine'>,
  path: string,
): Promise<{ second: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined })
  requestsOffMachine.watch(context)
  const second = await context.newPage()
  await openStudio(`${path}#token=${SECOND_EDITOR.token}`, second)
  return { second, context }
}

const textOf = (comment: Comment) =>
  comment.message.flatMap((block) => block.children.map((child) => child.text ?? '')).join('')

/** The thread whose opening comment says `text`: that comment first, then its replies. */
async function threadOf(text: string): Promise<Comment[]> {
  const comments = await query<Comment[]>(
    '*[_type == "comment"] | order(_createdAt asc)',
    {},
    COMMENTS_DATASET,
  )
  const opening = comments.find((comment) => !comment.parentCommentId && textOf(comment).includes(text))
  if (!opening) return []
  return [opening, ...comments.filter((comment) => comment.parentCommentId === opening._id)]
}

test("an editor comments on slide 7's heading; the other editor replies; the thread is resolved", async ({
  page,
  browser,
  openStudio,
  requestsOffMachine,
}, testInfo) => {
  const question = uniqueMarker('Is this heading what the source says?')
  const answer = uniqueMarker('Yes, word for word.')
  const heading = (await getDocument<Story>(STORY.id))?.slides[6]?.heading ?? ''

  // The first comment on the dataset: the Studio has the lake make the comments add-on.
  await openStudio(`/structure/stories;${STORY.id}`)
  const dialog = await openSlide(page, heading)
  const field = dialog.getByTestId(`field-${HEADING_FIELD}`)
  await field.hover()
  await field.getByRole('button', { name: 'Add comment' }).click()
  await page.getByTestId('comment-input-editable').first().click()
  await writeComment(page, [`${question} `, '@Second', ' could you check?'])
  await dismissCommentsTip(page)
  await expect(commentItem(page, question)).toBeVisible()
  await screenshot(page, testInfo, 'commented')
  await closeDialog(page)
  expect(await commentsAddonOf(DATASET)).toBe(COMMENTS_DATASET)

  const secondEditorId = await userIdOf(SECOND_EDITOR.token)
  await expect.poll(async () => (await threadOf(question)).length).toBe(1)
  const [opening] = await threadOf(question)
  expect(opening?.target.document._ref).toBe(STORY.id)
  expect(opening?.target.path.field).toBe(HEADING_FIELD)
  expect(opening?.message[0]?.children).toContainEqual(
    expect.objectContaining({ _type: 'mention', userId: secondEditorId }),
  )

  const { second, context } = await openAsSecondEditor(
    { browser, page, openStudio, requestsOffMachine },
    `/structure/stories;${STORY.id}`,
  )
  try {
    await openComments(second)
    await expect(commentItem(second, question)).toBeVisible()
    await expect(commentItem(second, question)).toContainText('@Second Editor')
    await second.getByRole('textbox').filter({ hasText: 'Reply' }).click()
    await writeComment(second, [answer])
    await screenshot(second, testInfo, 'second-editor-replied')

    // The first editor sees the reply arrive, then resolves the thread; the second sees that live too.
    await expect(commentItem(page, answer)).toBeVisible()
    await commentItem(page, question).hover()
    await commentItem(page, question).getByTestId('comments-list-item-status-button').click()
    await expect
      .poll(async () => (await threadOf(question)).map((comment) => comment.status))
      .toEqual(['resolved', 'resolved'])
    await expect(commentItem(second, question)).toHaveCount(0)
    await chooseFromMenu(
      second.getByRole('complementary').getByRole('button', { name: 'Open', exact: true }),
      second.getByRole('menuitem', { name: 'Resolved' }),
    )
    await expect(commentItem(second, question)).toBeVisible()
    await expect(commentItem(second, answer)).toBeVisible()
    await screenshot(second, testInfo, 'second-editor-sees-resolved')
  } finally {
    await context.close()
  }
})

test('a task for the other editor, with a due date, shows in their Tasks panel and is marked done', async ({
  page,
  browser,
  openStudio,
  requestsOffMachine,
}, testInfo) => {
  const title = uniqueMarker('Check the photo credit on slide 7')
  const dueBy = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
  await openStudio(`/structure/stories;${STORY.id}`)
  await expect(documentPane(page).getByTestId('field-title')).toBeVisible()
  await chooseFromMenu(
    documentPane(page).getByTestId('pane-context-menu-button'),
    page.getByRole('menuitem', { name: 'Create new task' }),
  )
  await page.getByRole('textbox', { name: 'Task title' }).fill(title)
  await chooseFromMenu(
    page.getByText('Select assignee'),
    page.getByRole('menuitem', { name: SECOND_EDITOR.name }),
  )
  await page.getByRole('textbox', { name: 'Deadline' }).fill(dueBy)
  await page.getByRole('button', { name: 'Create Task' }).click()
  await expect(page.getByTestId('tasks-list-item').filter({ hasText: title })).toBeVisible()
  await screenshot(page, testInfo, 'task-created')

  const tasksTitled = () =>
    query<Task[]>('*[_type == "tasks.task" && title == $title]', { title }, COMMENTS_DATASET)
  const secondEditorId = await userIdOf(SECOND_EDITOR.token)
  await expect
    .poll(async () => (await tasksTitled())[0])
    .toMatchObject({
      status: 'open',
      assignedTo: secondEditorId,
      dueBy,
      target: { document: { _ref: STORY.id } },
    })

  const { second, context } = await openAsSecondEditor(
    { browser, page, openStudio, requestsOffMachine },
    '/structure',
  )
  try {
    await second.getByTestId('tasks-toolbar').click()
    await second.getByRole('tab', { name: 'Assigned' }).click()
    const task = second.getByTestId('tasks-list-item').filter({ hasText: title })
    await expect(task.locator(`time[datetime="${dueBy}"]`)).toBeVisible()
    await screenshot(second, testInfo, 'assigned-to-second-editor')
    await task.getByRole('checkbox').click()
    await expect.poll(async () => (await tasksTitled())[0]?.status).toBe('closed')
    // Done tasks move to the collapsed "Done" group.
    await expect(task).toBeHidden()
    await second.getByText('Done', { exact: true }).click()
    await expect(task).toBeVisible()
    await screenshot(second, testInfo, 'marked-done')
  } finally {
    await context.close()
  }
})
