import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromiumLaunchOptions } from '@slideshow/testkit/chromium'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caNickname, isTrustedByNss, trustCa } from '../src/tls/trustStores.ts'
import { startTarget, type Target } from './harness.ts'

let target: Target
const home = mkdtempSync(join(tmpdir(), 'lake-trust-home-'))

beforeAll(async () => {
  target = await startTarget()
})
afterAll(async () => {
  await target.close()
  rmSync(home, { recursive: true, force: true })
})

describe.skipIf(process.env.LAKE_TARGET_URL)('npm run trust', () => {
  it('adds the CA to the NSS database Chromium reads, once', () => {
    const caFile = target.local?.tls.caFile ?? ''
    expect(isTrustedByNss(caFile, home)).toBe(false)
    expect(trustCa(caFile, { home, system: false })).toEqual([
      { store: 'Chromium/Chrome (NSS)', status: 'added' },
    ])
    expect(trustCa(caFile, { home, system: false })).toEqual([
      { store: 'Chromium/Chrome (NSS)', status: 'already trusted' },
    ])
    const listed = execFileSync('certutil', ['-L', '-d', `sql:${join(home, '.pki', 'nssdb')}`], {
      encoding: 'utf8',
    })
    expect(listed).toContain(caNickname(caFile))
    expect(isTrustedByNss(caFile, home)).toBe(true)
  })

  it('then real Chromium opens the lake over HTTPS/HTTP2 at local.localhost with no certificate error', async () => {
    const port = new URL(target.local?.httpsUrl ?? '').port
    const browser = await chromium.launch({ ...chromiumLaunchOptions(), env: { ...process.env, HOME: home } })
    try {
      const page = await browser.newPage()
      const response = await page.goto(`https://local.localhost:${port}/health`)
      expect(response?.status()).toBe(200)
      expect(await response?.json()).toMatchObject({ status: 'ok' })
      // A string expression: it runs in the page, whose DOM types this Node-typed test does not load.
      const protocol = await page.evaluate<string>(
        'performance.getEntriesByType("navigation")[0].nextHopProtocol',
      )
      expect(protocol).toBe('h2')
    } finally {
      await browser.close()
    }
  })
})
