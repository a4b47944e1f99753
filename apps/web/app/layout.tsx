import type { Metadata, Viewport } from 'next'
import { draftMode } from 'next/headers'
import type { ReactNode } from 'react'
import { PreviewBar } from '@/components/PreviewBar'
import { SiteLink } from '@/components/SiteLink'
import { VisualEditingTools } from '@/components/VisualEditingTools'
import { previewedReleaseTitle } from '@/lib/sanity/fetch'
import { previewedPerspective } from '@/lib/sanity/previewRelease'
import { SITE_NAME, SITE_URL } from '@/lib/site'
import './globals.css'

export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: { default: SITE_NAME, template: `%s · ${SITE_NAME}` },
  description: 'Stories told one photograph at a time.',
  alternates: { types: { 'application/rss+xml': [{ url: '/feed.xml', title: SITE_NAME }] } },
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fbfaf7' },
    { media: '(prefers-color-scheme: dark)', color: '#151412' },
  ],
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { isEnabled: previewing } = await draftMode()
  const release = previewing ? await previewedReleaseTitle() : undefined
  const published = previewing && (await previewedPerspective()) === 'published'
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {previewing ? <PreviewBar release={release} published={published} /> : null}
        <header className="site-header">
          <SiteLink href="/" className="site-name">
            {SITE_NAME}
          </SiteLink>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          {/* A plain link: the feed is a file, not a page, and next/link would prefetch it as one on every page. */}
          <a href="/feed.xml">RSS feed</a>
        </footer>
        {previewing ? <VisualEditingTools /> : null}
      </body>
    </html>
  )
}
