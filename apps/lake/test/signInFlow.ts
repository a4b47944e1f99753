import { createClient, type SanityClient } from '@sanity/client'
import { API_VERSION } from './harness.ts'

/*
 * What a browser does on the lake's sign-in and invite pages, spoken over plain HTTP: GET a page,
 * POST its form as the browser would (urlencoded, with the page's own Origin), follow nothing.
 */

export interface PageAnswer {
  status: number
  location: string | null
  body: string
  headers: Headers
}

async function answer(response: Response): Promise<PageAnswer> {
  return {
    status: response.status,
    location: response.headers.get('location'),
    body: await response.text(),
    headers: response.headers,
  }
}

export async function getPage(url: string): Promise<PageAnswer> {
  return answer(await fetch(url, { redirect: 'manual' }))
}

/** Posts a form as a browser on `pageOrigin` does (defaults to the lake's own origin: its own page). */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<PageAnswer> {
  return answer(
    await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(url).origin,
        'sec-fetch-site': 'same-origin',
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    }),
  )
}

/** The `lki_…` token of an invite link. */
export function inviteToken(link: string): string {
  const token = new URL(link).searchParams.get('token')
  if (!token) throw new Error(`no token in ${link}`)
  return token
}

export interface SignIn {
  lakeUrl: string
  studioUrl: string
  email: string
  password: string
  /** The client address the lake sees (`X-Forwarded-For`, which the test lake trusts). */
  address: string
}

/** Signs in on the lake's page; the answer carries `location: <studio>#sid=…` on success. */
export function signInAttempt({ lakeUrl, studioUrl, email, password, address }: SignIn): Promise<PageAnswer> {
  return postForm(
    `${lakeUrl}/auth/login`,
    { origin: studioUrl, email, password },
    { 'x-forwarded-for': address },
  )
}

export function sidOf(location: string | null): string {
  const sid = /#sid=([^&]+)$/.exec(location ?? '')?.[1]
  if (!sid) throw new Error(`no sid in ${location}`)
  return sid
}

/** Trades a sid for the session token at `/auth/fetch`, as the Studio's exchange client does. */
export async function exchange(lakeUrl: string, sid: string, origin?: string): Promise<Response> {
  return fetch(`${lakeUrl}/v2026-05-04/auth/fetch?sid=${encodeURIComponent(sid)}`, {
    headers: origin ? { origin } : {},
  })
}

/** The whole round: sign in, exchange; returns the session token. */
export async function signedInToken(flow: SignIn): Promise<string> {
  const attempt = await signInAttempt(flow)
  if (attempt.status !== 303) throw new Error(`sign-in answered ${attempt.status}: ${attempt.body}`)
  const response = await exchange(flow.lakeUrl, sidOf(attempt.location))
  if (!response.ok) throw new Error(`exchange answered ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

export function clientFor(lakeUrl: string, token?: string): SanityClient {
  return createClient({
    projectId: 'local',
    dataset: 'production',
    apiVersion: API_VERSION,
    apiHost: lakeUrl,
    useProjectHostname: false,
    useCdn: false,
    ...(token ? { token } : {}),
  })
}
