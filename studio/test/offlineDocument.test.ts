import { describe, expect, it } from 'vitest'
import { refuseHostedFetches } from '../lake/hostedFetchGuard.ts'
import { offlineIndexHtml, withoutBridgeScript, withoutHostedFontFaces } from '../lake/offlineDocument.ts'
import { SANITY_HOSTNAME } from '../lake/sanityHosts.ts'

// Shaped like the CLI's index.html for a Studio: its font faces, the bridge script, the entry.
const INDEX_HTML = `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><title>Sanity Studio</title>
<style>
  @font-face { font-family: Inter; font-weight: 400; src: url("https://studio-static.sanity.io/Inter-Regular.woff2") format("woff2"); }
  @font-face { font-family: Local; src: url("/static/local.woff2") format("woff2"); }
  html, body, #sanity { height: 100%; }
</style>
<script src="https://core.sanity-cdn.com/bridge.js" async type="module" data-sanity-core></script>
</head><body><div id="sanity"></div><script src="/static/sanity-a1b2.js" type="module"></script></body></html>`

// As @sanity/ui's stylesheet declares Inter.
const UI_CSS = `@layer sui.global{@font-face{font-family:Inter;font-style:normal;src:url(https://design-system-static.sanity.io/InterVariable-latin.woff2) format("woff2-variations")}body{margin:0}}`

describe('the Studio document on the lake', () => {
  it('loses the bridge script and only it', () => {
    const html = withoutBridgeScript(INDEX_HTML)
    expect(html).not.toContain('sanity-cdn.com')
    expect(html).toContain('<script src="/static/sanity-a1b2.js" type="module"></script>')
  })

  it('loses the font faces on Sanity hosts and keeps the rest of the stylesheet', () => {
    expect(withoutHostedFontFaces(INDEX_HTML)).not.toContain('studio-static.sanity.io')
    expect(withoutHostedFontFaces(INDEX_HTML)).toContain('/static/local.woff2')
    expect(withoutHostedFontFaces(UI_CSS)).toBe('@layer sui.global{body{margin:0}}')
  })

  it('names no Sanity host except in the fetch guard, which comes before the Studio script', () => {
    const html = offlineIndexHtml(INDEX_HTML)
    const withoutGuard = html.replace(/<script>\(function refuseHostedFetches[\s\S]*?<\/script>/, '')
    expect(withoutGuard).not.toMatch(/sanity\.io|sanity-cdn/)
    expect(html.indexOf('refuseHostedFetches')).toBeGreaterThan(-1)
    expect(html.indexOf('refuseHostedFetches')).toBeLessThan(html.indexOf('/static/sanity-a1b2.js'))
  })
})

describe('the hosted fetch guard', () => {
  function guardedFetch() {
    const sent: string[] = []
    const page = {
      location: { href: 'http://localhost:3333/structure' },
      fetch: async (input: RequestInfo | URL) => {
        sent.push(String(input))
        return new Response('ok')
      },
    }
    // The guard runs from its source text in the page, so run it from its source text here too.
    new Function('window', `(${refuseHostedFetches.toString()})(${JSON.stringify(SANITY_HOSTNAME.source)})`)(
      page,
    )
    return { fetch: page.fetch, sent }
  }

  it.each([
    'https://sanity-cdn.com/v1/modules/sanity/latest/%5E6.16.0/t1',
    'https://api.sanity.io/vX/intake/feedback',
    'https://core.sanity-cdn.work/bridge.js',
  ])('refuses %s without sending it', async (url) => {
    const { fetch, sent } = guardedFetch()
    await expect(fetch(url)).rejects.toThrow(/makes no requests to https:\/\//)
    expect(sent).toEqual([])
  })

  it.each([
    'https://local.localhost:4443/v2025-02-19/users/me',
    '/static/manifest.webmanifest',
    'https://notsanity.io/x',
  ])('passes %s through', async (url) => {
    const { fetch, sent } = guardedFetch()
    await expect(fetch(url)).resolves.toBeInstanceOf(Response)
    expect(sent).toEqual([url])
  })
})
