import { draftMode } from 'next/headers'
import Link from 'next/link'
import type { ComponentProps } from 'react'

/**
 * `next/link` for every internal link. In draft mode it prefetches nothing: draft pages are
 * rendered on each request, so every prefetch is a full render, and each live refresh in
 * Presentation would re-prefetch every link in view and compete with the refresh for the server.
 */
export async function SiteLink(props: ComponentProps<typeof Link>) {
  const { isEnabled: previewing } = await draftMode()
  return <Link {...props} prefetch={previewing ? false : props.prefetch} />
}
