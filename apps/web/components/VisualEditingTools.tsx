'use client'

import { lazy, Suspense } from 'react'

/*
 * Rendered by the layout in draft mode only. The overlays, the Studio bridge and the live refresh
 * are a separate chunk that only this lazy import fetches, so readers' pages load none of it:
 * just this wrapper, which React.lazy keeps to a few bytes (next/dynamic would add its runtime).
 */
const DraftOverlays = lazy(() => import('./DraftOverlays'))

export function VisualEditingTools() {
  return (
    <Suspense>
      <DraftOverlays />
    </Suspense>
  )
}
