// What a phone downloads for the first view of a page: headless Chromium (Debian's, through
// playwright-core) at 390×844 CSS px, DPR 3, touch; every response counted by resource type.
import { chromiumLaunchOptions } from '@slideshow/testkit/chromium'
import { chromium } from 'playwright-core'

export interface FirstView {
  url: string
  viewport: { width: number; height: number; deviceScaleFactor: number }
  /** Encoded (transfer) body bytes per resource type: image, script, document, stylesheet, font... */
  bytesByType: Record<string, number>
  requestsByType: Record<string, number>
  images: Array<{ url: string; bytes: number; contentType: string }>
}

export async function firstView(url: string, quietMs = 1500): Promise<FirstView> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const viewport = { width: 390, height: 844, deviceScaleFactor: 3 }
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      deviceScaleFactor: viewport.deviceScaleFactor,
      isMobile: true,
      hasTouch: true,
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    })
    const page = await context.newPage()
    const pending: Array<Promise<void>> = []
    const bytesByType: Record<string, number> = {}
    const requestsByType: Record<string, number> = {}
    const images: FirstView['images'] = []
    page.on('requestfinished', (request) => {
      pending.push(
        (async () => {
          const sizes = await request.sizes()
          const response = await request.response()
          const type = request.resourceType()
          bytesByType[type] = (bytesByType[type] ?? 0) + sizes.responseBodySize
          requestsByType[type] = (requestsByType[type] ?? 0) + 1
          if (type === 'image') {
            images.push({
              url: request.url(),
              bytes: sizes.responseBodySize,
              contentType: (await response?.headerValue('content-type')) ?? '',
            })
          }
        })(),
      )
    })
    await page.goto(url, { waitUntil: 'load' })
    // Then until the network has been quiet for `quietMs` (prefetches of the next slide included).
    await page.waitForLoadState('networkidle')
    await page.waitForTimeout(quietMs)
    await Promise.all(pending)
    await context.close()
    return { url, viewport, bytesByType, requestsByType, images }
  } finally {
    await browser.close()
  }
}
