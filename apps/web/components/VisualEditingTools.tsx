'use client'

import dynamic from 'next/dynamic'

/*
 * Loaded only when the layout renders this, which it does in draft mode: readers' pages never
 * fetch the overlays, the Studio bridge or the refresh logic (next/dynamic splits them out).
 */
const DraftOverlays = dynamic(() => import('./DraftOverlays'), { ssr: false })

export function VisualEditingTools() {
  return <DraftOverlays />
}
