import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { theStory } from './support/dataset'
import { postWebhook } from './support/lake'
import { freePort, logsDir, stop } from './support/processes'
import { previewSecret } from './support/secrets'
import { siteEnv, startSite } from './support/site'

/*
 * The same build served by a second `next start` given no secrets, as a deployment that forgot
 * them: draft mode and the webhook are shut and say which variable opens them; pages are served.
 */
const LOG = 'e2e-next-start-without-secrets.log'
const story = theStory()

let site: ChildProcess | undefined
let url = ''

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  const lakeUrl = process.env.E2E_LAKE_URL
  if (!lakeUrl)
    throw new Error('E2E_LAKE_URL is not set: run the tests with `npm run test:e2e` (global setup)')
  const port = await freePort()
  url = `http://localhost:${port}`
  site = await startSite(siteEnv(lakeUrl, url, null), port, LOG)
})

test.afterAll(async () => {
  await stop(site)
})

test('draft mode is refused, whatever secret is sent, naming SANITY_PREVIEW_SECRET', async () => {
  for (const secret of [previewSecret(), 'guess', '']) {
    const response = await fetch(`${url}/api/draft-mode/enable?secret=${secret}&redirect=/`, {
      redirect: 'manual',
    })
    expect(response.status, secret).toBe(503)
    expect(response.headers.get('set-cookie'), secret).toBeNull()
    expect(await response.json()).toEqual({
      message: expect.stringMatching(/^Draft mode is off: set SANITY_PREVIEW_SECRET/),
    })
  }
})

test('the revalidate webhook is refused, even signed, naming SANITY_REVALIDATE_SECRET', async () => {
  const change = { _id: story._id, _type: 'article', slug: story.slug.current, operation: 'update' }
  for (const signature of [undefined, null]) {
    const response = await postWebhook(change, { site: url, ...(signature === null ? { signature } : {}) })
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      message: expect.stringMatching(/^The revalidate webhook is off: set SANITY_REVALIDATE_SECRET/),
    })
  }
})

test('each refusal is logged once, however often it happens', async () => {
  const count = (pattern: RegExp) => readFileSync(join(logsDir, LOG), 'utf8').match(pattern)?.length ?? 0
  // The server's output reaches the file through a pipe, so give it a moment.
  await expect.poll(() => count(/Draft mode is off: set SANITY_PREVIEW_SECRET/g)).toBe(1)
  await expect.poll(() => count(/The revalidate webhook is off: set SANITY_REVALIDATE_SECRET/g)).toBe(1)
})

test('pages are still served', async () => {
  for (const [path, text] of [
    ['/', story.title],
    [`/stories/${story.slug.current}`, story.title],
  ] as const) {
    const response = await fetch(`${url}${path}`)
    expect(response.status, path).toBe(200)
    expect(await response.text(), path).toContain(text.replaceAll('&', '&amp;'))
  }
})
