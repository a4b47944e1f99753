'use client'

import { useRouter } from 'next/navigation'
import { VisualEditing } from 'next-sanity/visual-editing/client-component'

/**
 * Presentation's half of the page: overlays on every `data-sanity` element (click one and the
 * Studio focuses that field) and live drafts. When the editor changes a document the Studio tells
 * the page, which re-renders its server components in place (`router.refresh()`: no reload, the
 * scroll position kept); draft mode reads drafts uncached, so the refresh shows the edit. The
 * site's read token stays on the server, where `SanityLive` with drafts would need one in the
 * browser.
 */
export default function DraftOverlays() {
  const router = useRouter()
  return (
    <VisualEditing
      refresh={() => {
        router.refresh()
        return Promise.resolve()
      }}
    />
  )
}
