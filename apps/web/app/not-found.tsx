import type { Metadata } from 'next'
import Link from 'next/link'

// The layout's title template makes this "Page not found · Slideshow Stories".
export const metadata: Metadata = { title: 'Page not found' }

export default function NotFound() {
  return (
    <div className="prose not-found">
      <h1>Page not found</h1>
      <p>This story, slide or person does not exist, or is no longer published.</p>
      <p>
        <Link href="/">Back to all stories</Link>
      </p>
    </div>
  )
}
