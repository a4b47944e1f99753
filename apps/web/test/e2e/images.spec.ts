import { expect, test } from '@playwright/test'
import { theStory } from './support/dataset'
import { siteUrl } from './support/lake'

const slug = theStory().slug.current
const slide = `/stories/${slug}/12`

/** The first photo's URL on a page, as the HTML gives it (a path on the site). */
async function photoPath(path: string): Promise<string> {
  const html = await (await fetch(siteUrl(path))).text()
  const src = /<figure[\s\S]*?<img[^>]+src="([^"]+)"/.exec(html)?.[1]
  if (!src) throw new Error(`no photo on ${path}`)
  return src.replaceAll('&amp;', '&')
}

test("on the lake, photos come from the site's own origin, never the lake's address", async ({ page }) => {
  const requested: string[] = []
  page.on('request', (request) => requested.push(request.url()))
  await page.goto(siteUrl(slide))
  await page.locator('figure img').evaluate((img: HTMLImageElement) => img.decode())
  const photos = requested.filter((url) => new URL(url).pathname.startsWith('/images/'))
  expect(photos.length).toBeGreaterThan(0)
  for (const url of photos) expect(new URL(url).origin).toBe(new URL(siteUrl()).origin)
  const html = await (await fetch(siteUrl(slide))).text()
  expect(html).not.toContain(process.env.E2E_LAKE_URL ?? 'E2E_LAKE_URL unset')
})

test('a page opened at another address of the site (a phone on the LAN) shows its photo', async ({
  page,
}) => {
  const other = new URL(siteUrl(slide))
  other.hostname = '127.0.0.1'
  await page.goto(other.href)
  const width = await page
    .locator('figure img')
    .evaluate(async (img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))
  expect(width).toBeGreaterThan(0)
})

test("through the site a photo keeps the lake's long-lived caching and format negotiation", async () => {
  const response = await fetch(siteUrl(await photoPath(slide)), {
    headers: { accept: 'image/avif,image/webp,image/*,*/*;q=0.8' },
  })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('image/avif')
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  expect(response.headers.get('vary')).toMatch(/\bAccept\b/)
  const again = await fetch(siteUrl(await photoPath(slide)), {
    headers: { accept: 'image/webp,*/*' },
  })
  expect(again.status).toBe(200)
  expect(again.headers.get('content-type')).toBe('image/webp')
})

for (const viewport of [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
]) {
  test(`on a ${viewport.name}, a slide's photo has its box before it arrives, so nothing moves when it does`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport)
    // Layout shifts as the browser scores them (CLS), from the first paint on.
    await page.addInitScript(() => {
      const shifts: number[] = []
      Object.assign(window, { shifts })
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value)
      }).observe({ type: 'layout-shift', buffered: true })
    })
    // The page is laid out and painted before its photo arrives, as on a slow connection.
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    await page.route('**/images/**', async (route) => {
      await held
      await route.continue()
    })
    await page.goto(siteUrl(slide), { waitUntil: 'domcontentloaded' })
    const photo = page.locator('figure.photo img')
    const before = await photo.boundingBox()
    expect(before?.height ?? 0).toBeGreaterThan(100)
    release()
    await photo.evaluate(async (img: HTMLImageElement) => {
      await img.decode()
      // Shifts are scored with the frame that paints them.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    })
    expect(await photo.boundingBox()).toEqual(before)
    expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([])
  })
}
