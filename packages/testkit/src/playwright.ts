import type { PlaywrightTestConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './chromium.ts'

/**
 * What the Playwright suites (apps/web, studio) share: a global setup in test/e2e that starts
 * the lake and the servers, one worker because every test edits the one lake, and Debian's
 * Chromium, headless. Each suite adds its timeouts, viewport and projects.
 */
export const e2eDefaults = {
  testDir: 'test/e2e',
  globalSetup: './test/e2e/globalSetup.ts',
  outputDir: 'test-results/artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunchOptions(),
    // A trace (screencast and DOM snapshots) of every test, thrown away whenever the test passed,
    // cost these suites a fifth to a quarter of their time on two cores (site 8.3 min with, 6.2
    // without; Studio 14.9 and 12.5). A failure keeps a screenshot; `--trace on` when more is needed.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
} satisfies PlaywrightTestConfig
