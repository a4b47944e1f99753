import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromiumLaunchOptions } from '@slideshow/testkit/chromium'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target } from './harness.ts'

const DRAFT_TITLE = 'Embargoed: not for other pages'

/**
 * What a hostile page tries against the lake from the editor's own browser: read drafts with the
 * editor's credentials, write with fetch (JSON, and `no-cors` text/plain, which needs no
 * preflight), write with a plain HTML form, and listen to presence. Each outcome is reported
 * into `window.outcomes`; the lake's content is checked from the server side afterwards.
 */
function attackPage(lakeHttp: string, lakeHttps: string): string {
  const mutation = (id: string) =>
    JSON.stringify({
      mutations: [{ create: { _id: id, _type: 'article', title: 'written by another page' } }],
    })
  const formName = `{"mutations":[{"create":{"_id":"attack-form","_type":"article","title":"x","pad":"`
  return `<!doctype html><html><body>
<iframe name="sink" style="display:none"></iframe>
<form id="form" method="POST" enctype="text/plain" target="sink" action="${lakeHttp}/v2025-02-19/data/mutate/production">
  <input name='${formName}' value='"}}]}'>
</form>
<script>
const outcomes = {}
window.outcomes = outcomes
const query = '/v2025-02-19/data/query/production?perspective=raw&query=' + encodeURIComponent('*[_id == "drafts.browser-secret"][0].title')
async function attempt(name, run) {
  try { outcomes[name] = await run() } catch (error) { outcomes[name] = 'blocked: ' + error.name }
}
async function attack() {
  for (const [label, base] of [['http', ${JSON.stringify(lakeHttp)}], ['https', ${JSON.stringify(lakeHttps)}]]) {
    await attempt(label + ':read', async () => (await (await fetch(base + query, { credentials: 'include' })).json()).result)
    await attempt(label + ':jsonWrite', async () => (await fetch(base + '/v2025-02-19/data/mutate/production', {
      method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' },
      body: ${JSON.stringify(mutation('attack-json'))} })).status)
    await attempt(label + ':plainWrite', async () => (await fetch(base + '/v2025-02-19/data/mutate/production', {
      method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' },
      body: ${JSON.stringify(mutation('attack-plain'))} })).type)
    await attempt(label + ':presence', () => new Promise((resolve) => {
      const socket = new WebSocket(base.replace(/^http/, 'ws') + '/v2022-06-30/socket/production')
      const received = []
      socket.onopen = () => socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'presence_subscribe', params: {} }))
      socket.onmessage = (event) => received.push(String(event.data))
      socket.onerror = () => resolve('blocked: error')
      setTimeout(() => { socket.close(); resolve(received.length ? 'received ' + received.join(' ') : 'nothing') }, 1500)
    }))
  }
  document.getElementById('form').submit()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  outcomes.done = true
}
attack()
</script></body></html>`
}

describe.skipIf(process.env.LAKE_TARGET_URL)('another web page in the editor’s browser', () => {
  let target: Target
  let browser: Browser
  let pages: Server
  let pagePort: number

  beforeAll(async () => {
    // The dev identity on, as `npm run dev` has it: the loopback editor is an administrator.
    target = await startTarget({ devIdentity: true })
    const local = target.local
    if (!local) throw new Error('needs a local lake')
    await target.client().create({ _id: 'drafts.browser-secret', _type: 'article', title: DRAFT_TITLE })
    const html = attackPage(local.httpUrl, local.httpsUrl)
    pages = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html))
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve))
    pagePort = (pages.address() as AddressInfo).port
    browser = await chromium.launch(
      chromiumLaunchOptions([`--ignore-certificate-errors-spki-list=${local.tls.spkiHash}`]),
    )
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => pages?.close(resolve))
    await target?.close()
  })

  async function runAttack(origin: string): Promise<Record<string, unknown>> {
    const page = await browser.newPage()
    try {
      await page.goto(`${origin}/`)
      await page.waitForFunction('window.outcomes && window.outcomes.done === true', undefined, {
        timeout: 20_000,
      })
      return (await page.evaluate('window.outcomes')) as Record<string, unknown>
    } finally {
      await page.close()
    }
  }

  it('reads nothing and changes nothing from an origin not on the allow-list', async () => {
    const outcomes = await runAttack(`http://127.0.0.1:${pagePort}`)
    expect(JSON.stringify(outcomes)).not.toContain(DRAFT_TITLE)
    for (const scheme of ['http', 'https']) {
      expect(outcomes[`${scheme}:read`]).toMatch(/^blocked/)
      expect(outcomes[`${scheme}:jsonWrite`]).toMatch(/^blocked/)
      expect(outcomes[`${scheme}:presence`]).not.toMatch(/^received/)
    }
    const written = await target
      .client()
      .fetch('*[_id in ["attack-json", "attack-plain", "attack-form"]]._id')
    expect(written).toEqual([])
  })

  it('while the same page on an allowed origin reads drafts as the editor (the attack is real)', async () => {
    const allowed = `http://localhost:${pagePort}`
    target.local?.lake.cors.add(allowed, true)
    const outcomes = await runAttack(allowed)
    expect(outcomes['http:read']).toBe(DRAFT_TITLE)
    expect(outcomes['https:read']).toBe(DRAFT_TITLE)
    expect(await target.client().getDocument('attack-json')).toBeDefined()
  })
})
