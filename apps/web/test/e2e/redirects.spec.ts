import { expect, test } from '@playwright/test'
import { siteUrl } from './support/lake'
import { previewSecret } from './support/secrets'

/** `redirect` values as they appear, already percent-encoded, in the query string. */
const hostile = [
  '/%09/evil.example',
  '/%0d',
  '%0d',
  '/%0d%0aSet-Cookie:%20stolen=1',
  '//evil.example',
  '/%5Cevil.example',
  '/.//evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
]

const routes = {
  disable: (redirect: string) => `/api/draft-mode/disable?redirect=${redirect}`,
  enable: (redirect: string) => `/api/draft-mode/enable?secret=${previewSecret()}&redirect=${redirect}`,
}

async function redirectOf(path: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(siteUrl(path), { redirect: 'manual' })
  await response.arrayBuffer()
  return { status: response.status, location: response.headers.get('location') }
}

for (const [route, path] of Object.entries(routes)) {
  test(`draft-mode ${route} redirects hostile targets home, never off-site and never with a 500`, async () => {
    for (const redirect of hostile) {
      const { status, location } = await redirectOf(path(redirect))
      expect(status, redirect).toBe(307)
      expect(location, redirect).toBe('/')
    }
  })

  test(`draft-mode ${route} keeps a path on the site, query and hash included`, async () => {
    const { status, location } = await redirectOf(path(encodeURIComponent('/stories/x?y=1#z')))
    expect(status).toBe(307)
    expect(location).toBe('/stories/x?y=1#z')
  })
}

test('a browser following the tab-and-slash trick stays on the site', async ({ page }) => {
  await page.goto(siteUrl('/api/draft-mode/disable?redirect=/%09/evil.example'))
  expect(new URL(page.url()).origin).toBe(new URL(siteUrl()).origin)
})
