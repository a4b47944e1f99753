/// <reference lib="dom" />
// Draft edit to preview: the reader site in draft mode, as Presentation's iframe shows it, in
// headless Chromium, while a draft edit is committed through @sanity/client with the action the
// Studio commits (`sanity.action.document.edit`). Timed from the lake's acknowledgement (and from
// the request) to the moment the page's heading shows the new text, seen by a MutationObserver in
// the page: lake live event → /api/draft-mode/live → router.refresh() → draft render → DOM. What
// the Studio adds before its commit (its own ~1 s auto-commit throttle) is not in this figure.
import { createPreviewSecret } from '@sanity/preview-url-secret/create-secret'
import { chromiumLaunchOptions } from '@slideshow/testkit/chromium'
import { chromium, type Page } from 'playwright-core'
import { client } from './publish.ts'

export interface PreviewSample {
  /** ms from the lake's answer to the commit until the page showed it. */
  ackedMs: number
  /** ms from sending the commit until the page showed it. */
  sentMs: number
}

export interface PreviewOptions {
  lakeUrl: string
  siteUrl: string
  storyId: string
  /** A slide page whose `<h1>` is the first slide's heading. */
  slidePath: string
  edits: number
  timeoutMs?: number
}

type ShownWindow = { shown?: Promise<number> }

/** Arms an observer in the page that resolves with the wall-clock time `<h1>` reads `text`. */
async function armHeadingWatch(page: Page, text: string): Promise<void> {
  await page.evaluate((expected) => {
    ;(window as ShownWindow).shown = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('h1')?.textContent !== expected) return
        observer.disconnect()
        resolve(Date.now())
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    })
  }, text)
}

async function openPreview(page: Page, options: PreviewOptions): Promise<void> {
  const { secret } = await createPreviewSecret(
    client(options.lakeUrl),
    'bench',
    options.siteUrl,
    'bench-editor',
  )
  const query = new URLSearchParams({
    'sanity-preview-secret': secret,
    'sanity-preview-pathname': options.slidePath,
  })
  // The page is ready for edits once its live route has been welcomed by the lake.
  const live = page.waitForResponse((response) => response.url().endsWith('/api/draft-mode/live'))
  await page.goto(`${options.siteUrl}/api/draft-mode/enable?${query}`)
  if ((await live).status() !== 200) throw new Error('the preview did not open its live route')
}

export async function measurePreviewLatency(options: PreviewOptions): Promise<PreviewSample[]> {
  const sanity = client(options.lakeUrl)
  const draftId = `drafts.${options.storyId}`
  const browser = await chromium.launch(chromiumLaunchOptions())
  const samples: PreviewSample[] = []
  try {
    const page = await browser.newPage()
    await openPreview(page, options)
    for (let index = 0; index < options.edits; index++) {
      const heading = `bench-preview-${Date.now().toString(36)}-${index}`
      await armHeadingWatch(page, heading)
      const sent = Date.now()
      await sanity.action({
        actionType: 'sanity.action.document.edit',
        draftId,
        publishedId: options.storyId,
        patch: { set: { 'slides[0].heading': heading } },
      })
      const acked = Date.now()
      const shownAt = await Promise.race([
        page.evaluate(() => (window as ShownWindow).shown),
        new Promise<never>((_, reject) =>
          setTimeout(reject, options.timeoutMs ?? 10_000, new Error(`edit ${index} never showed`)),
        ),
      ])
      if (shownAt === undefined) throw new Error('the heading watch was not armed')
      samples.push({ ackedMs: shownAt - acked, sentMs: shownAt - sent })
    }
  } finally {
    await browser.close()
    // Leave the story without a draft for the phases that follow.
    await sanity.delete(draftId)
  }
  return samples
}
