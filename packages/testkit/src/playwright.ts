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
    // A failed test leaves a screenshot of its end and Playwright's error context (the page's
    // accessibility tree). No trace unless asked for (`--trace retain-on-failure`): recording one
    // for every test, only to throw it away when the test passes, made the Studio's tests take 56%
    // longer (with its screencast) or 17% (DOM snapshots alone) on a two-core machine.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
} satisfies PlaywrightTestConfig
