import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { chromiumLaunchOptions } from '@slideshow/testkit/chromium'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../production/settings.ts'
import { caddyCa, h2Get, httpGet, spkiHash } from './support/https.ts'
import { HOSTS, type ProductionRun, startProduction } from './support/productionRun.ts'

/*
 * `npm start` on loopback as an operator trying it would run it: `.env.production` with three
 * `*.localhost` names on one HTTPS port, Caddy with its own CA in front of Varnish, the site, the
 * Studio's static files and the lake, then the checks a browser and a client make over HTTPS.
 */

const run = promisify(execFile)
const API = '/v2025-02-19'
const ADMIN = {
  email: 'ada@example.com',
  name: 'Ada Admin',
  initials: 'AA',
  password: 'harbour-lantern-quartz-52',
}

let production: ProductionRun
let ca: string
let browser: Browser | undefined

beforeAll(async () => {
  const started = performance.now()
  production = await startProduction()
  console.log(
    `production test: ${production.layout.reused ? "serving the Studio e2e's builds" : 'built with npm run build'}, serving after ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  ca = caddyCa(production.caddyData).root
})

afterAll(async () => {
  await browser?.close()
  await production?.stop()
})

const get = (host: string, path: string, headers: Record<string, string> = {}) =>
  h2Get({ port: production.ports.https, host, path, ca }, headers)

describe('a production start on loopback, through Caddy with its own CA', () => {
  it('serves the site, the Studio and the lake over HTTPS and HTTP/2, compressed, with certificates from the CA', async () => {
    const compressed = { 'accept-encoding': 'gzip, zstd' }
    const site = await get(HOSTS.site, '/', compressed)
    expect([site.status, site.protocol, site.headers['content-encoding']]).toEqual([200, 'h2', 'gzip'])
    expect(site.body).toContain('Alec Baldwin')
    // Through the cache tier: Varnish marks what it served.
    expect(site.headers['x-cache']).toMatch(/HIT|MISS/)

    const photo = /\/images\/local\/production\/[^"?\s]+/.exec(site.body)?.[0]
    const image = await get(HOSTS.site, photo ?? '/no-photo-on-the-home-page')
    expect([image.status, image.headers['content-type']]).toEqual([200, expect.stringMatching(/^image\//)])

    const studio = await get(HOSTS.studio, '/structure', compressed)
    expect([studio.status, studio.protocol, studio.headers['cache-control']]).toEqual([200, 'h2', 'no-cache'])
    const bundle = /\/static\/sanity-[\w-]+\.js/.exec(studio.body)?.[0] ?? '/static/none.js'
    const script = await get(HOSTS.studio, bundle, compressed)
    expect(script.headers['content-encoding']).toMatch(/^(zstd|gzip)$/)
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(script.body).toContain(production.urls.lake)

    const query = encodeURIComponent('*[_type == "article"][0]{title, slides}')
    for (const host of [HOSTS.lake, `local.${HOSTS.lake}`]) {
      const answer = await get(host, `${API}/data/query/production?query=${query}`, compressed)
      expect([answer.status, answer.protocol, answer.headers['content-encoding']]).toEqual([
        200,
        'h2',
        'zstd',
      ])
      expect(JSON.parse(answer.body).result.title).toContain('Alec Baldwin')
    }
  })

  it("takes a publish to readers: the lake's webhook reaches the site through the cache tier, which is purged", async () => {
    const { cliToken } = JSON.parse(readFileSync(join(production.dataDir, 'secrets.json'), 'utf8')) as {
      cliToken: string
    }
    const title = `Published through the production set ${Date.now()}`
    const mutate = await fetch(`http://127.0.0.1:${production.ports.lake}${API}/data/mutate/production`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cliToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        mutations: [{ patch: { id: 'article-alec-baldwin-hilaria', set: { title } } }],
      }),
    })
    expect(mutate.status).toBe(200)
    await eventually(async () => (await get(HOSTS.site, '/')).body.includes(title), 60_000)
  }, 120_000)

  it('sends plain HTTP to HTTPS', async () => {
    const answer = await httpGet(production.ports.http, '/', HOSTS.site)
    // Caddy 2.6 leaves the port out when HTTPS is on another port than 443, as in this run.
    expect(answer).toEqual({ status: 308, location: `https://${HOSTS.site}/` })
  })

  it('runs the lake without the dev identity: a caller without a token is anonymous, on loopback too', async () => {
    expect(production.output()).toMatch(/dev identity\s+off/)
    expect((await get(`local.${HOSTS.lake}`, `${API}/users/me`)).status).toBe(401)
    const direct = await fetch(`http://127.0.0.1:${production.ports.lake}${API}/users/me`)
    expect(direct.status).toBe(401)
  })

  it('refuses a Host it does not serve: Caddy for any name but the three, the lake for any but its own', async () => {
    const fronted = await h2Get({
      port: production.ports.https,
      host: 'evil.example',
      servername: HOSTS.site,
      path: '/',
      ca,
    })
    expect(fronted.status).toBe(421)
    await expect(get('evil.example', '/')).rejects.toThrow()
    expect((await httpGet(production.ports.lake, '/health', 'evil.example')).status).toBe(403)
  })

  it('signs an administrator made with `npm run lake -- users add` in to the Studio, through the lake’s sign-in page, all over HTTP/2', async () => {
    const { stdout } = await run(
      'npm',
      ['run', 'lake', '--', 'users', 'add', ADMIN.email, '--name', ADMIN.name, '--role', 'administrator'],
      { cwd: REPO_ROOT, env: production.lakeCommandEnv },
    )
    const invite = /https:\/\/\S+\/auth\/invite\?token=\S+/.exec(stdout)?.[0] ?? ''
    expect(invite.startsWith(`${production.urls.lake}/auth/invite`)).toBe(true)

    const { root, intermediate } = caddyCa(production.caddyData)
    browser = await chromium.launch(
      chromiumLaunchOptions([
        `--ignore-certificate-errors-spki-list=${spkiHash(root)},${spkiHash(intermediate)}`,
      ]),
    )
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const protocols = await recordProtocols(page)
    await page.goto(invite)
    await page.getByLabel('New password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Set password' }).click()
    await page.getByRole('status').filter({ hasText: 'Your password is set.' }).waitFor()
    await page.getByRole('link', { name: 'Open the Studio' }).click()
    await page.getByText('Choose login provider').waitFor({ timeout: 60_000 })
    await page.getByRole('link', { name: 'Email and password' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(new URL(page.url()).origin).toBe(production.urls.lake)
    await page.getByLabel('Email').fill(ADMIN.email)
    await page.getByLabel('Password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByTestId('studio-navbar').filter({ hasText: ADMIN.initials }).waitFor({ timeout: 60_000 })
    expect(new URL(page.url()).origin).toBe(production.urls.studio)

    const port = `:${production.ports.https}`
    for (const host of [HOSTS.studio, HOSTS.lake, `local.${HOSTS.lake}`]) {
      expect(protocols.get(`${host}${port}`), host).toEqual(new Set(['h2']))
    }
  }, 240_000)

  it('stops cleanly on a SIGTERM to `npm start`: the set is stopped, the lake last, each exiting cleanly', async () => {
    expect(Object.keys(production.pids).sort()).toEqual(['cache', 'caddy', 'lake', 'site'])
    process.kill(production.npmPid, 'SIGTERM')
    expect(await production.exited).toBe(0)
    const output = production.output()
    expect(output).toContain('production: SIGTERM; stopping caddy, cache, site, lake')
    expect(output).toContain('lake: stopped')
    for (const name of ['lake', 'caddy', 'cache', 'site']) {
      expect(output).toMatch(new RegExp(`production: ${name} stopped cleanly`))
    }
    for (const [name, pid] of Object.entries(production.pids)) expect(isRunning(pid), name).toBe(false)
  }, 120_000)
})

/** Whether a process of that id is still there (signal 0 checks without signalling). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Resolves once `check` holds, trying again every half second; fails after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** The HTTP version of every response the page gets, by host: what the browser negotiated. */
async function recordProtocols(page: Page): Promise<Map<string, Set<string>>> {
  const protocols = new Map<string, Set<string>>()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  cdp.on('Network.responseReceived', ({ response }) => {
    const { host } = new URL(response.url)
    if (response.protocol) protocols.set(host, (protocols.get(host) ?? new Set()).add(response.protocol))
  })
  return protocols
}
