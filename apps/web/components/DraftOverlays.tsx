'use client'

import { useRouter } from 'next/navigation'
import { VisualEditing } from 'next-sanity/visual-editing/client-component'
import { startTransition, useEffect } from 'react'
import { affectsPage } from '@/lib/draftMode/affectsPage'

/**
 * Presentation's half of the page: overlays on every `data-sanity` element (click one and the
 * Studio focuses that field) and live drafts. Each change the content source commits arrives as
 * an event from /api/draft-mode/live; when its tags touch what the page shows (affectsPage), the
 * page re-renders its server components in place (`router.refresh()`: no reload, the scroll
 * position kept); draft mode reads drafts uncached, so the refresh shows the edit. That is sooner than the Studio's own refresh signal, which it
 * sends once its edit state settles, so that signal is declined (`false`); a manual refresh from
 * the Studio's toolbar still reloads the data.
 */
export default function DraftOverlays() {
  const router = useRouter()
  useEffect(() => {
    const events = new EventSource('/api/draft-mode/live')
    events.onmessage = (event: MessageEvent<string>) => {
      const { tags } = JSON.parse(event.data) as { tags: string[] }
      if (affectsPage(tags)) startTransition(() => router.refresh())
    }
    return () => events.close()
  }, [router])
  return (
    <VisualEditing
      refresh={(payload) => {
        if (payload.source === 'mutation') return false
        router.refresh()
        return Promise.resolve()
      }}
    />
  )
}
