import type { Metadata } from 'next'

export const metadata: Metadata = { title: 'Status', robots: { index: false, follow: false } }

// Rendered once at build time and served from the prerender cache: no data, no client code.
export const dynamic = 'force-static'

/**
 * `/status`: answers 200 "OK" while `next start` is serving. An uptime check for load balancers
 * and monitors, and the benchmark's framework floor: the cheapest page this server can send.
 */
export default function StatusPage() {
  return <h1>OK</h1>
}
