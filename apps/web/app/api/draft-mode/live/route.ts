import { createClient } from '@sanity/client'
import { draftsClientConfig } from '@slideshow/sanity/client'
import { draftMode } from 'next/headers'
import type { NextRequest } from 'next/server'
import { previewToken } from '@/lib/draftMode/previewToken'
import { refuse } from '@/lib/refusal'
import { sanityEnv } from '@/lib/sanity/env'

export const dynamic = 'force-dynamic'

/**
 * `GET /api/draft-mode/live`: in draft mode only, the content source's Live Content API events,
 * drafts included, as server-sent events (`data: {"tags": [...]}`), so the preview re-renders the
 * moment a change is committed (components/DraftOverlays.tsx). The subscription runs here with
 * the server-side token: `SanityLive` with drafts would need that token in the browser. Without
 * draft mode, 401, so a reader learns nothing about drafts.
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (!(await draftMode()).isEnabled) return refuse(401, 'Live drafts need draft mode')
  const token = previewToken()
  if (!token) return refuse(503, 'Draft mode is off: set SANITY_API_READ_TOKEN to read drafts')
  const client = createClient(draftsClientConfig(sanityEnv, token))
  const encoder = new TextEncoder()
  let stop = () => {}
  let welcomed: (live: boolean) => void = () => {}
  const ready = new Promise<boolean>((resolve) => {
    welcomed = resolve
  })
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text))
      // Next sends the headers with the first bytes of the body: this comment, once welcomed.
      ready.then((live) => live && send(': live drafts\n\n'))
      const subscription = client.live.events({ includeDrafts: true, tag: 'site.draft-preview' }).subscribe({
        next: (event) => {
          if (event.type === 'welcome') welcomed(true)
          if (event.type === 'message') send(`data: ${JSON.stringify({ tags: event.tags })}\n\n`)
          // A restart means events were missed: the page refreshes as it would for a change.
          if (event.type === 'restart') send(`data: ${JSON.stringify({ tags: [] })}\n\n`)
        },
        error: () => {
          welcomed(false)
          controller.close()
        },
      })
      stop = () => subscription.unsubscribe()
      request.signal.addEventListener('abort', () => {
        stop()
        controller.close()
      })
    },
    cancel: () => stop(),
  })
  // The answer waits for the content source's welcome, so a 200 means no change is missed from here on.
  const live = await Promise.race([
    ready,
    new Promise<boolean>((resolve) => setTimeout(resolve, 10_000, false)),
  ])
  if (!live) {
    stop()
    return refuse(502, 'The content source did not open its live events')
  }
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  })
}
