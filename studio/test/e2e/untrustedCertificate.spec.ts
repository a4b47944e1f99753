import { expect, test } from './support/fixtures.ts'
import { runEnv } from './support/runEnv.ts'
import { screenshot } from './support/studio.ts'

const TRUST_FLAG = '--ignore-certificate-errors-spki-list='

test("a browser that does not trust the lake's certificate is told to run `npm run trust`, not to check status.sanity.io", async ({
  playwright,
  launchOptions,
  requestsOffMachine,
}, testInfo) => {
  // A second Chromium, launched as the suite's is but without the flag that trusts the lake's key:
  // the lake's certificate is then signed by an unknown CA, as on a machine before `npm run trust`.
  const untrusting = await playwright.chromium.launch({
    ...launchOptions,
    args: (launchOptions.args ?? []).filter((arg) => !arg.startsWith(TRUST_FLAG)),
  })
  try {
    const context = await untrusting.newContext()
    requestsOffMachine.watch(context)
    const page = await context.newPage()
    const probes: string[] = []
    page.on('requestfailed', (request) => {
      if (new URL(request.url()).pathname === '/health') probes.push(request.failure()?.errorText ?? '')
    })
    await page.goto(new URL('/structure', runEnv.studioUrl).href)

    const screen = page.getByRole('main')
    await expect(screen.getByRole('heading', { name: "The Studio can't reach the local lake" })).toBeVisible()
    await expect(screen).toContainText('run npm run trust')
    await expect(screen).toContainText('--ignore-certificate-errors-spki-list=')
    await screenshot(page, testInfo, 'lake-unreachable')
    // It keeps checking, and the Studio (whose network error names status.sanity.io) stays unstarted.
    await expect.poll(() => probes.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
    expect(probes[0]).toMatch(/ERR_CERT_AUTHORITY_INVALID/)
    await expect(page.locator('#sanity')).toBeEmpty()
    await expect(page.getByText('status.sanity.io')).toHaveCount(0)
  } finally {
    await untrusting.close()
  }
})
