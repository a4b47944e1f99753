import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, type Page } from '@playwright/test'
import { REPO_ROOT } from '@slideshow/lake/src/config.ts'
import { API_VERSION } from './constants.ts'
import { runEnv } from './runEnv.ts'
import { studioSettled } from './studio.ts'

/*
 * People with accounts on the lake: invited on the command line, as an administrator does, and
 * signing in through the Studio's own login screen and the lake's sign-in page.
 */

const run = promisify(execFile)

/** `npm run lake -- <args>` on the running lake's data dir; its output. */
export async function lakeCommand(...args: string[]): Promise<string> {
  const { stdout } = await run('npm', ['--prefix', REPO_ROOT, 'run', 'lake', '--', ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      LAKE_DATA_DIR: runEnv.lakeDataDir,
      LAKE_TLS_PORT: runEnv.lakeTlsPort,
      LAKE_TOKENS: '',
    },
  })
  return stdout
}

/** Adds a person with `lake users add`; returns the invite link it printed. */
export async function invitePerson(email: string, name: string, role: string): Promise<string> {
  const output = await lakeCommand('users', 'add', email, '--name', name, '--role', role)
  const link = /https:\/\/\S+\/auth\/invite\?token=\S+/.exec(output)?.[0]
  if (!link) throw new Error(`no invite link in:\n${output}`)
  return link
}

/** Opens the invite link, chooses a password, and follows the page's link to the Studio. */
export async function acceptInvite(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link)
  await page.getByLabel('New password').fill(password)
  await page.getByRole('button', { name: 'Set password' }).click()
  await expect(page.getByRole('status')).toHaveText('Your password is set.')
  await page.getByRole('link', { name: 'Open the Studio' }).click()
}

/** The Studio's login screen lists the lake; choosing it leads to the lake's sign-in page. */
export async function chooseLakeProvider(page: Page): Promise<void> {
  await expect(page.getByText('Choose login provider')).toBeVisible({ timeout: 30_000 })
  await page.getByRole('link', { name: 'Email and password' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
}

/** Signs in on the lake's page and waits for the Studio to open as that person. */
export async function signIn(page: Page, email: string, password: string, initials: string): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('studio-navbar')).toContainText(initials, { timeout: 30_000 })
}

/** Opens a Studio path in a signed-in page and waits until the Studio is usable, as `openStudio` does. */
export async function openSignedIn(page: Page, path: string): Promise<void> {
  await page.goto(new URL(path, runEnv.studioUrl).href)
  await expect(page.getByTestId('pane-header').first()).toBeVisible({ timeout: 30_000 })
  await studioSettled(page)
}

export interface AccountView {
  email: string
  activeSessions: number
}

/** The lake's accounts as an administrator sees them over HTTP. */
export async function accountsOnLake(): Promise<AccountView[]> {
  const response = await fetch(`${runEnv.lakeUrl}/${API_VERSION}/projects/local/accounts`, {
    headers: { authorization: `Bearer ${runEnv.adminToken}` },
  })
  if (!response.ok) throw new Error(`accounts: ${response.status}`)
  return (await response.json()) as AccountView[]
}
