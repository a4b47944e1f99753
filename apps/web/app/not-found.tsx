import type { Metadata } from 'next'
import { SiteLink } from '@/components/SiteLink'

// The layout's title template makes this "Page not found · Slideshow Stories".
export const metadata: Metadata = { title: 'Page not found' }

export default function NotFound() {
  return (
    <div className="prose not-found">
      <h1>Page not found</h1>
      <p>This story, slide or person does not exist, or is no longer published.</p>
      <p>
        <SiteLink href="/">Back to all stories</SiteLink>
      </p>
    </div>
  )
}
