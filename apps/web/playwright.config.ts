import { defineConfig } from '@playwright/test'

/*
 * End-to-end: the global setup starts a seeded lake, runs `next build` against it and serves the
 * result with `next start`; the tests drive Debian's Chromium. One worker, because the tests edit
 * the one lake the site reads.
 */
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/globalSetup.ts',
  outputDir: 'test-results/artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'site', testIgnore: /lakeDown\.spec\.ts/ },
    // Stops the lake, so it runs once everything else has finished.
    { name: 'lake down', testMatch: /lakeDown\.spec\.ts/, dependencies: ['site'] },
  ],
})
