import { encodeSignatureHeader } from '@sanity/webhook'
import { ADMIN_TOKEN } from './constants'
import { revalidateSecret } from './secrets'

const API = 'v2025-02-19'

export function siteUrl(path = '/'): string {
  const base = process.env.E2E_SITE_URL
  if (!base) throw new Error('E2E_SITE_URL is not set: run the tests with `npm run test:e2e` (global setup)')
  return new URL(path, base).href
}

function lakeUrl(path: string): string {
  const base = process.env.E2E_LAKE_URL
  if (!base) throw new Error('E2E_LAKE_URL is not set: run the tests with `npm run test:e2e` (global setup)')
  return `${base}/${API}${path}`
}

/** Writes to the lake as an editor would, through its mutate API; gives the transaction's id. */
export async function mutate(mutations: object[]): Promise<string> {
  const response = await fetch(lakeUrl('/data/mutate/production?returnIds=true'), {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations }),
  })
  if (!response.ok) throw new Error(`mutate failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { transactionId: string }).transactionId
}

/** Runs document and release actions (`/data/actions`) as an editor in the Studio would. */
export async function act(actions: object[]): Promise<void> {
  const response = await fetch(lakeUrl('/data/actions/production'), {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actions }),
  })
  if (!response.ok) throw new Error(`actions failed: ${response.status} ${await response.text()}`)
}

/** Reads the lake as the admin (raw perspective: drafts included). */
export async function getDocument<T>(id: string): Promise<T | undefined> {
  const response = await fetch(lakeUrl(`/data/doc/production/${id}`), {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  const { documents } = (await response.json()) as { documents: T[] }
  return documents[0]
}

/** The sync tags the lake gives a query for one document id: what a change to it invalidates. */
export async function syncTagsOf(id: string): Promise<string[]> {
  const query = new URLSearchParams({ query: '*[_id == $id][0]', $id: JSON.stringify(id) })
  const response = await fetch(lakeUrl(`/data/query/production?${query}&perspective=raw`), {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  return ((await response.json()) as { syncTags: string[] }).syncTags
}

/** Posts to the site's revalidate route as the content source would, signed with `secret`. */
export async function postWebhook(
  body: object,
  options: { secret?: string; signature?: string | null; timestamp?: number; site?: string } = {},
): Promise<Response> {
  const payload = JSON.stringify(body)
  const signature =
    options.signature === undefined
      ? await encodeSignatureHeader(
          payload,
          options.timestamp ?? Date.now(),
          options.secret ?? revalidateSecret(),
        )
      : options.signature
  return fetch(new URL('/api/revalidate', options.site ?? siteUrl()), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'sanity-webhook-signature': signature }),
    },
    body: payload,
  })
}

/** The page's HTML as a reader without cookies gets it. */
export async function publicHtml(path: string): Promise<string> {
  const response = await fetch(siteUrl(path))
  return response.text()
}

export function uniqueMarker(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`
}
