import { defineConfig } from '@playwright/test'
import { e2eDefaults } from '@slideshow/testkit/playwright'

/*
 * End-to-end: the global setup starts a seeded lake, runs `next build` against it and serves the
 * result with `next start`; the tests drive Debian's Chromium. One worker, because the tests edit
 * the one lake the site reads. The cluster tests serve the same build from two more instances.
 */
export default defineConfig({
  ...e2eDefaults,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  projects: [
    { name: 'site', testIgnore: /(lakeDown|cluster)\.spec\.ts/ },
    // Two more instances of the same build sharing Redis, behind Varnish (support/cluster.ts).
    { name: 'cluster', testMatch: /cluster\.spec\.ts/ },
    // Stops the lake, so it runs once everything else has finished.
    { name: 'lake down', testMatch: /lakeDown\.spec\.ts/, dependencies: ['site', 'cluster'] },
  ],
})
