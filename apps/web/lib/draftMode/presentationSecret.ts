import 'server-only'
import { urlSearchParamPreviewPathname, urlSearchParamPreviewSecret } from '@sanity/preview-url-secret'
import { draftsClientConfig } from '@slideshow/sanity/client'
import type { NextRequest } from 'next/server'
import { createClient } from 'next-sanity'
import { defineEnableDraftMode } from 'next-sanity/draft-mode'
import { sameOriginPath } from '@/lib/redirectTarget'
import { refuse } from '@/lib/refusal'
import { sanityEnv } from '@/lib/sanity/env'
import { previewToken } from './previewToken'

/** A link from the Studio's Presentation tool carries a secret it has just stored in the dataset. */
export function isPresentationLink(request: NextRequest): boolean {
  return request.nextUrl.searchParams.has(urlSearchParamPreviewSecret)
}

// next-sanity carries its own copy of @sanity/client, whose config type is the same shape under
// another declaration; the cast bridges the two copies' types, not different data.
type NextSanityClientConfig = Parameters<typeof createClient>[0]

/**
 * next-sanity keeps the path and query of `sanity-preview-pathname` whatever it resolves to, so
 * `/.//evil.example` would come back as the protocol-relative `//evil.example`. It is reduced to a
 * path on this site first, by the rule every draft-mode redirect follows.
 */
function withSafeRedirect(request: NextRequest): Request {
  const url = new URL(request.url)
  const asked = url.searchParams.get(urlSearchParamPreviewPathname)
  if (asked !== null) url.searchParams.set(urlSearchParamPreviewPathname, sameOriginPath(asked, url.origin))
  return new Request(url, { headers: request.headers })
}

/**
 * Turns draft mode on for a Presentation link through next-sanity's `defineEnableDraftMode`,
 * which looks the secret up (a `sanity.previewUrlSecret` draft at most an hour old, read with the
 * raw perspective: the token's job) and keeps the Studio's perspective in a cookie. Or refuses
 * it: 401 for a secret the dataset does not hold, 503 when the site has no token to check it with.
 */
export async function enableFromPresentation(request: NextRequest): Promise<Response> {
  const token = previewToken()
  if (!token) return refuse(503, 'Draft mode is off: set SANITY_API_READ_TOKEN to check preview secrets')
  const client = createClient(draftsClientConfig(sanityEnv, token) as NextSanityClientConfig)
  const response = await defineEnableDraftMode({ client }).GET(withSafeRedirect(request))
  if (response.status === 401) return refuse(401, 'Invalid preview secret')
  return response
}
