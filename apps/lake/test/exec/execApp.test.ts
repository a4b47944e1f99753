import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromiumLaunchOptions } from '@slideshow/testkit/chromium'
import { freePort } from '@slideshow/testkit/ports'
import { startProcess, stopProcess, waitForHealth } from '@slideshow/testkit/processes'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserFlags } from '../../src/exec/browser.ts'
import { usableTlsMaterial } from '../../src/tls/certificates.ts'
import { commandOutput } from './commandOutput.ts'

/*
 * An app nobody here wrote, run on the lake with no change to its code: test/fixtures/sanity-app
 * is a next-sanity site (a project id, `useCdn: true`, `defineLive`, `@sanity/image-url`), a
 * Studio configured with its project id and dataset, and a sanity.blueprint.ts with a
 * sync-tag-invalidate function, with nothing about the lake anywhere. Everything it runs goes
 * through `lake exec`, as a developer would type it; the browser is Chromium with `lake browser`'s
 * flags. One lake data dir, one `next build`, one `sanity build`, one browser.
 */

const FIXTURE = fileURLToPath(new URL('../fixtures/sanity-app', import.meta.url))
const LAKE_CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
const ROOT_BIN = fileURLToPath(new URL('../../../../node_modules/.bin', import.meta.url))
const PROJECT_ID = 'fx7lake1'
const SEEDED_TITLE = 'Hello from the lake'
const PUBLISHED_TITLE = `Published through the Studio ${Date.now()}`
const LONG = 10 * 60_000
/** How long a page waits for what it shows on a loaded machine: generous, never a measure of speed. */
const PATIENCE = { timeout: 120_000 }

const dataDir = mkdtempSync(join(tmpdir(), 'lake-exec-app-'))
const logs = join(FIXTURE, '..', '..', '..', 'test-results', 'exec-app')
const buildOutputs = ['.next', 'dist', '.sanity', 'schema.json', 'sanity.types.ts'].map((name) =>
  join(FIXTURE, name),
)
let env: NodeJS.ProcessEnv
let siteUrl: string
let studioUrl: string
let tlsPort: number
let browser: Browser | undefined
const problems: string[] = []
/** Every request the pages made off this machine's own names, and how it was answered. */
const offMachine = new Map<string, number>()

/** `lake exec -- <command…>` typed in the app's folder; resolves with its exit code and output. */
function lakeExec(command: string[]) {
  return commandOutput(process.execPath, [LAKE_CLI, 'exec', '--', ...command], { cwd: FIXTURE, env })
}

/** A long-running command under `lake exec`, logged to a file. */
function startUnderExec(name: string, command: string[]) {
  return startProcess(process.execPath, [LAKE_CLI, 'exec', '--', ...command], {
    cwd: FIXTURE,
    env,
    log: join(logs, `${name}.log`),
  })
}

/**
 * A request the page itself cancelled (ERR_ABORTED is Chromium's word for a request its page
 * dropped): the Studio ends a listen whenever the set of documents it observes changes, and
 * aborts the fetches of the set it stopped observing. Not an answer the lake failed to give: a
 * lake that fails answers with a status, or the connection fails with another error.
 */
function endedByThePage(url: string, error: string | undefined): boolean {
  const { hostname } = new URL(url)
  return error === 'net::ERR_ABORTED' && /\.api(cdn)?\.sanity\.io$/.test(hostname)
}

function watch(page: Page, name: string): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`${name}: uncaught ${error.message}`))
  page.on('requestfailed', (failed) => {
    if (page.isClosed() || endedByThePage(failed.url(), failed.failure()?.errorText)) return
    problems.push(`${name}: ${failed.url()} ${failed.failure()?.errorText}`)
  })
  page.on('response', (response) => {
    const url = new URL(response.url())
    if (url.hostname === 'localhost') return
    offMachine.set(
      `${response.request().method()} ${url.hostname}${url.pathname.replace(/[0-9a-f]{40}/, '<sha1>')}`,
      response.status(),
    )
  })
}

/** A page in its own context that waits as patiently as the polls, watched when named. */
async function openPage(browser: Browser, name?: string): Promise<Page> {
  const page = await browser.newPage()
  page.setDefaultTimeout(PATIENCE.timeout)
  if (name) watch(page, name)
  return page
}

describe.skipIf(process.env.LAKE_TARGET_URL)('an app nobody here wrote, under lake exec', () => {
  let site: ReturnType<typeof startUnderExec> | undefined
  let studio: ReturnType<typeof startUnderExec> | undefined

  beforeAll(async () => {
    for (const output of buildOutputs) rmSync(output, { recursive: true, force: true })
    mkdirSync(logs, { recursive: true })
    const [lakePort, sitePort, studioPort] = [await freePort(), await freePort(), await freePort()]
    tlsPort = await freePort()
    siteUrl = `http://localhost:${sitePort}`
    studioUrl = `http://localhost:${studioPort}`
    env = {
      ...process.env,
      PATH: `${ROOT_BIN}:${process.env.PATH}`,
      LAKE_DATA_DIR: dataDir,
      LAKE_PORT: String(lakePort),
      LAKE_TLS_PORT: String(tlsPort),
      // What `sanity cors add` would do for a hosted project: the app's two browser origins.
      LAKE_CORS_ORIGINS: `${siteUrl},${studioUrl}`,
      // What the function and the site's revalidation route read, as `sanity functions env add` would set.
      SITE_URL: siteUrl,
      REVALIDATE_SECRET: 'fixture-revalidate-secret',
      NEXT_TELEMETRY_DISABLED: '1',
      SITE_PORT: String(sitePort),
      STUDIO_PORT: String(studioPort),
    }
    delete env.INIT_CWD
    delete env.SANITY_AUTH_TOKEN
    delete env.NODE_OPTIONS
  }, LONG)

  afterAll(async () => {
    await browser?.close()
    await stopProcess(studio)
    await stopProcess(site)
    for (const output of buildOutputs) rmSync(output, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  }, LONG)

  it(
    'its own Sanity CLI imports a dataset with an image, queries it, runs a script and generates types',
    async () => {
      const imported = await lakeExec([
        'npx',
        'sanity',
        'dataset',
        'import',
        'data/seed.ndjson',
        '--dataset',
        'production',
      ])
      expect(imported.output).toContain('Imported 1 documents')
      expect(imported.code).toBe(0)
      // One `lake exec` for what follows, as a script of the app's would run them.
      const steps = [
        `npx sanity documents query '*[_type == "sanity.imageAsset"][0].url' --api-version 2025-02-19`,
        'npx sanity exec scripts/countPosts.ts --with-user-token',
        'npx sanity schema extract',
        'npx sanity typegen generate',
      ]
      const { code, output } = await lakeExec(['sh', '-c', steps.join(' && ')])
      expect(code, output).toBe(0)
      // Hosted's own asset URL: the app prints it (og:image), and an export of it imports into hosted unchanged.
      expect(output).toMatch(
        new RegExp(`"https://cdn\\.sanity\\.io/images/${PROJECT_ID}/production/[0-9a-f]{40}-64x48\\.jpg"`),
      )
      expect(output).toContain('posts: 1')
      expect(readFileSync(join(FIXTURE, 'sanity.types.ts'), 'utf8')).toContain('export type Post = {')
    },
    LONG,
  )

  it(
    'next build prerenders its page from the lake',
    async () => {
      const built = await lakeExec(['npx', 'next', 'build'])
      expect(built.code, built.output).toBe(0)
      expect(readFileSync(join(FIXTURE, '.next/server/app/index.html'), 'utf8')).toContain(SEEDED_TITLE)
    },
    LONG,
  )

  it(
    'next start serves it, and its images load in Chromium started as `lake browser` starts it',
    async () => {
      site = startUnderExec('next-start', ['npx', 'next', 'start', '--port', env.SITE_PORT ?? ''])
      await waitForHealth(siteUrl, site, {
        what: 'next start',
        log: join(logs, 'next-start.log'),
        timeoutMs: 120_000,
      })
      const tls = usableTlsMaterial(dataDir)
      if (!tls) throw new Error(`no TLS material in ${dataDir}`)
      browser = await chromium.launch(chromiumLaunchOptions(browserFlags(tls, tlsPort)))
      const page = await openPage(browser, 'site')
      await page.goto(siteUrl)
      await expect.poll(() => page.locator('h2').textContent(), PATIENCE).toBe(SEEDED_TITLE)
      const image = page.locator('article img')
      expect(await image.getAttribute('src')).toMatch(
        /^https:\/\/cdn\.sanity\.io\/images\/fx7lake1\/production\//,
      )
      await expect
        .poll(
          () =>
            image.evaluate(
              (img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0,
            ),
          PATIENCE,
        )
        .toBe(true)
      const ogImage = await page.locator('meta[property="og:image"]').getAttribute('content')
      expect(ogImage).toMatch(/^https:\/\/cdn\.sanity\.io\/images\/fx7lake1\/production\/.+\.jpg$/)
      const shown = await openPage(browser)
      const answer = await shown.goto(ogImage ?? '')
      expect(answer?.headers()['content-type']).toBe('image/jpeg')
      await shown.close()
    },
    LONG,
  )

  it(
    'its Studio opens there and publishes; the function revalidates the page and the live event refreshes it',
    async () => {
      if (!browser) throw new Error('the browser did not start')
      const built = await lakeExec(['npx', 'sanity', 'build', '--yes'])
      expect(built.code, built.output).toBe(0)
      studio = startUnderExec('sanity-preview', ['npx', 'sanity', 'preview', '--port', env.STUDIO_PORT ?? ''])
      await waitForHealth(studioUrl, studio, {
        what: 'sanity preview',
        log: join(logs, 'sanity-preview.log'),
        timeoutMs: 120_000,
      })
      const [sitePage] = browser.contexts()[0]?.pages() ?? []
      if (!sitePage) throw new Error('the site page is gone')

      const page = await openPage(browser, 'studio')
      await page.goto(`${studioUrl}/structure/post;post-1`)
      const title = page.getByTestId('field-title').locator('input')
      await title.waitFor(PATIENCE)
      await expect.poll(() => title.inputValue(), PATIENCE).toBe(SEEDED_TITLE)
      await title.fill(PUBLISHED_TITLE)
      const publish = page.getByTestId('action-publish')
      await expect.poll(() => publish.isEnabled(), PATIENCE).toBe(true)
      await publish.click()
      await expect
        .poll(() => page.getByTestId('pane-footer-document-status').textContent(), PATIENCE)
        .toMatch(/published just now/i)

      // The open page hears of the publish through the Live Content API, after the function ran.
      await expect.poll(() => sitePage.locator('h2').textContent(), PATIENCE).toBe(PUBLISHED_TITLE)
      // The function expired the cached page: a reader without the browser gets the new title.
      const html = await (await fetch(siteUrl)).text()
      expect(html).toContain(PUBLISHED_TITLE)
      const functionsLog = await lakeLog(['functions', 'log'])
      expect(functionsLog).toMatch(/revalidate-tags {2}production {2}tx \S+ {2}s1:\S+.* {2}ok/)
      expect(functionsLog).toContain('revalidated')

      // Nothing the pages asked for went off the machine unanswered, and nothing logged an error.
      const listed = [...offMachine].map(([request, status]) => `${status} ${request}`).sort()
      writeFileSync(join(logs, 'requests.txt'), `${listed.join('\n')}\n`)
      expect([...offMachine].filter(([, status]) => status >= 400)).toEqual([])
      expect(problems).toEqual([])
    },
    LONG,
  )

  it(
    'outside lake exec, the same app reaches no lake',
    async () => {
      const script = `import { client } from './sanity/client.js'
client.fetch('*[_type == "post"][0].title', {}, { signal: AbortSignal.timeout(20000) })
  .then((title) => console.log('answered', title), (error) => console.log('failed', error.code ?? error.message))`
      const { NODE_OPTIONS: _preload, NODE_EXTRA_CA_CERTS: _ca, ...outside } = env
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: FIXTURE,
        env: outside,
      })
      let output = ''
      child.stdout.on('data', (chunk) => {
        output += chunk
      })
      await new Promise((resolve) => child.once('exit', resolve))
      // The lake is running (next start's), yet the client goes to Sanity's real hosts: offline, nowhere.
      expect(output).not.toContain(PUBLISHED_TITLE)
      expect(output).not.toContain(SEEDED_TITLE)
      expect(output).toMatch(/^failed|^answered (null|undefined)/)
    },
    LONG,
  )
})

/** `lake <args>` for the same data dir, as `npm run lake -- <args>` in the app's folder. */
async function lakeLog(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [LAKE_CLI, ...args], { cwd: FIXTURE, env })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  await new Promise((resolve) => child.once('exit', resolve))
  return output
}
