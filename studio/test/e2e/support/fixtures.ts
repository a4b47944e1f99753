import { type BrowserContext, test as base, expect, type Page } from '@playwright/test'
import { type ConsoleProblem, watchConsole } from './consoleWatch.ts'
import { recordOffMachineRequests } from './offMachine.ts'
import { RequestLog } from './requestLog.ts'
import { runEnv } from './runEnv.ts'
import { studioSettled } from './studio.ts'

export interface StudioFixtures {
  /** Console errors on pages opened with `openStudio`; every test ends expecting none. */
  consoleProblems: ConsoleProblem[]
  /** Opens the Studio at `path` in `page` (the test's page when omitted) and waits until it is usable. */
  openStudio(path?: string, page?: Page): Promise<Page>
  /**
   * Records every request the test's pages make; the test fails if any is for another machine.
   * Covers the test's own context; `watch` adds the ones a test opens itself. A failed test also
   * gets every request and console message of those contexts attached (requestLog.ts).
   */
  requestsOffMachine: { watch(context: BrowserContext): void }
}

export const test = base.extend<StudioFixtures>({
  // Chromium accepts exactly the lake's key (known only once the global setup started the lake)
  // and resolves nothing but localhost, so the run is offline even on a connected machine.
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({
        ...launchOptions,
        args: [
          ...(launchOptions.args ?? []),
          `--ignore-certificate-errors-spki-list=${runEnv.spkiHash}`,
          '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1',
        ],
      })
    },
    { scope: 'worker' },
  ],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  consoleProblems: async ({}, use) => {
    const problems: ConsoleProblem[] = []
    await use(problems)
    expect(problems, 'console errors in the Studio (other than the refused version check)').toEqual([])
  },

  requestsOffMachine: [
    async ({ context }, use, testInfo) => {
      const offMachine: string[] = []
      const log = new RequestLog()
      const watch = (watched: BrowserContext) => {
        recordOffMachineRequests(watched, offMachine)
        log.watch(watched)
      }
      watch(context)
      await use({ watch })
      await log.attachIfFailed(testInfo)
      expect(offMachine, 'requests from the Studio to hosts other than this machine').toEqual([])
    },
    { auto: true },
  ],

  openStudio: async ({ page, consoleProblems }, use) => {
    const watched = new WeakSet<Page>()
    await use(async (path = '/structure', target = page) => {
      if (!watched.has(target)) {
        watched.add(target)
        watchConsole(target, consoleProblems)
      }
      await target.goto(new URL(path, runEnv.studioUrl).href)
      await expect(target.getByTestId('pane-header').first()).toBeVisible({ timeout: 30_000 })
      await studioSettled(target)
      return target
    })
  },
})

export { expect }
