import type { BrowserContext, Page } from '@playwright/test'
import {
  acceptInvite,
  accountsOnLake,
  chooseLakeProvider,
  invitePerson,
  lakeCommand,
  openSignedIn,
  signIn,
} from './support/accounts.ts'
import { API_VERSION, DATASET, STORY } from './support/constants.ts'
import { expect, test } from './support/fixtures.ts'
import { getDocument, type LakeDocument, uniqueMarker } from './support/lakeApi.ts'
import { runEnv } from './support/runEnv.ts'
import {
  chooseFromMenu,
  documentPane,
  footer,
  openDeskItem,
  publish,
  screenshot,
  studioSettled,
} from './support/studio.ts'

/*
 * A newsroom on one lake: the administrator invites two editors and a viewer on the command line
 * (which switches the lake's dev identity off), and each signs in through the Studio's own login
 * screen. The same lake and Studio build as the other specs; this project runs last, and removes
 * the accounts again at the end, which brings the dev identity back.
 */

const PEOPLE = {
  first: { email: 'first.editor@example.com', name: 'First Editor', initials: 'FE', role: 'editor' },
  second: {
    email: 'second.editor@example.com',
    name: 'Second Editor Account',
    initials: 'SA',
    role: 'editor',
  },
  viewer: { email: 'viewer@example.com', name: 'Vicky Viewer', initials: 'VV', role: 'viewer' },
} as const
const PASSWORD = 'tidal-orchard-compass-85'
const links: Partial<Record<keyof typeof PEOPLE, string>> = {}

// Each step signs someone in on a freshly opened Studio: slower than the other specs' steps.
test.describe.configure({ mode: 'serial', timeout: 180_000 })

let firstPage: Page
let secondContext: BrowserContext
let secondPage: Page

test.beforeAll(async () => {
  const invites = await Promise.all(
    Object.entries(PEOPLE).map(async ([key, person]) => {
      return [key, await invitePerson(person.email, person.name, person.role)] as const
    }),
  )
  for (const [key, link] of invites) links[key as keyof typeof PEOPLE] = link
})

test.afterAll(async () => {
  await firstPage?.context().close()
  await secondContext?.close()
  await fetch(`${runEnv.lakeUrl}/${API_VERSION}/data/mutate/${DATASET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${runEnv.adminToken}` },
    body: JSON.stringify({ mutations: [{ delete: { id: `drafts.${STORY.id}` } }] }),
  })
  await Promise.all(Object.values(PEOPLE).map((person) => lakeCommand('users', 'remove', person.email)))
})

test('the Studio’s login screen offers the lake’s sign-in once accounts exist', async ({
  page,
}, testInfo) => {
  await page.goto(new URL('/structure', runEnv.studioUrl).href)
  await expect(page.getByText('Choose login provider')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('link', { name: 'Email and password' })).toBeVisible()
  await screenshot(page, testInfo, 'login-screen')
})

test('an invited editor sets a password, signs in, edits the story and publishes it', async ({
  browser,
}, testInfo) => {
  // A context of its own, kept for the tests that follow (presence, sign-out).
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  firstPage = await context.newPage()
  await acceptInvite(firstPage, links.first ?? '', PASSWORD)
  await chooseLakeProvider(firstPage)
  await screenshot(firstPage, testInfo, 'lake-sign-in-page')
  await signIn(firstPage, PEOPLE.first.email, PASSWORD, PEOPLE.first.initials)

  // Within the page the sign-in landed on, with no reload: the sign-out test below then signs
  // out of the very page load that signed in, as an editor does (see studio/lake/signOutClient.ts).
  await studioSettled(firstPage)
  await openDeskItem(firstPage, 'Stories')
  await firstPage.getByTestId('document-list-pane').getByRole('link').filter({ hasText: STORY.title }).click()
  await expect(documentPane(firstPage).getByTestId('document-panel-document-title')).toHaveText(STORY.title)
  const seo = uniqueMarker('Written by a signed-in editor')
  await documentPane(firstPage).getByTestId('group-tab-seo').click()
  await documentPane(firstPage).getByTestId('field-seoDescription').locator('textarea').fill(seo)
  await publish(firstPage)
  await screenshot(firstPage, testInfo, 'published-by-account')
  expect((await getDocument<LakeDocument & { seoDescription?: string }>(STORY.id))?.seoDescription).toBe(seo)
})

test('a second editor in another browser signs in and sees the first one on the story', async ({
  browser,
}, testInfo) => {
  secondContext = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  secondPage = await secondContext.newPage()
  await acceptInvite(secondPage, links.second ?? '', PASSWORD)
  await chooseLakeProvider(secondPage)
  await signIn(secondPage, PEOPLE.second.email, PASSWORD, PEOPLE.second.initials)
  await openSignedIn(secondPage, `/structure/stories;${STORY.id}`)
  const presence = (page: Page) => documentPane(page).getByTestId('document-level-presence')
  await expect(presence(secondPage).getByLabel(PEOPLE.first.name)).toBeVisible()
  await expect(presence(firstPage).getByLabel(PEOPLE.second.name)).toBeVisible()
  await screenshot(secondPage, testInfo, 'second-sees-first')
})

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
test('signing out ends the session on the lake and its streams: the other editor stops seeing them', async ({}, testInfo) => {
  const sessions = async () =>
    (await accountsOnLake()).find((account) => account.email === PEOPLE.first.email)?.activeSessions
  expect(await sessions()).toBe(1)
  await chooseFromMenu(firstPage.locator('#user-menu'), firstPage.getByRole('menuitem', { name: 'Sign out' }))
  await expect(firstPage.getByText('Choose login provider')).toBeVisible()
  expect(await sessions()).toBe(0)
  const presence = documentPane(secondPage).getByTestId('document-level-presence')
  await expect(presence.getByLabel(PEOPLE.first.name)).toHaveCount(0)
  await screenshot(secondPage, testInfo, 'first-signed-out')
})

test('a viewer signs in and reads the draft, but may not edit or publish it', async ({ page }, testInfo) => {
  // The second editor leaves a draft that an editor could publish.
  const title = documentPane(secondPage).getByTestId('field-title').locator('input')
  await title.fill(uniqueMarker('Draft by the second editor'))
  await expect(footer(secondPage).getByTestId('action-publish')).toBeEnabled()

  await acceptInvite(page, links.viewer ?? '', PASSWORD)
  await chooseLakeProvider(page)
  await signIn(page, PEOPLE.viewer.email, PASSWORD, PEOPLE.viewer.initials)
  await openSignedIn(page, `/structure/stories;${STORY.id}`)
  await expect(documentPane(page).getByTestId('document-panel-document-title')).toHaveText(
    /Draft by the second editor/,
  )
  await expect(documentPane(page)).toContainText('does not have permission to edit this document')
  await expect(footer(page).getByTestId('action-publish')).toBeDisabled()
  await screenshot(page, testInfo, 'viewer-read-only')
})
