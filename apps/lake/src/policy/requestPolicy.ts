import type { IncomingHttpHeaders } from 'node:http'
import { hostRefused, type LakeError, originRefused } from '../errors.ts'
import type { Lake } from '../lake.ts'
import { isAllowedHost } from './hostCheck.ts'
import { isOwnOrigin, type OriginVerdict, originVerdict } from './originCheck.ts'

export type PolicyVerdict =
  | {
      ok: true
      /** The browser was sent here by another site: no cookie session, no dev identity. */
      crossSite: boolean
      origin: OriginVerdict
    }
  | { ok: false; error: LakeError }

export interface PolicyOptions {
  /** Asset bytes are public to any page, as the CDN's are: a foreign Origin reads them anonymously. */
  publicToAnyOrigin?: boolean
  /** The lake's own pages (sign-in, invite): their forms post with the lake's own Origin. */
  ownPage?: boolean
}

/**
 * The checks every request and every socket upgrade passes before any handler runs, in this
 * order: the Host names us (DNS rebinding), then the Origin, if any, is on the allow-list (CSRF
 * and cross-origin reads). Identity comes after, and only for requests that passed.
 */
export function checkRequestPolicy(
  lake: Lake,
  headers: IncomingHttpHeaders,
  options: PolicyOptions = {},
): PolicyVerdict {
  const host = headers.host ?? headerValue(headers[':authority'])
  if (!isAllowedHost(host, lake.config.allowedHosts)) return { ok: false, error: hostRefused(host) }
  const verdict = originVerdict(headers, lake.cors.allowed)
  const origin =
    verdict === 'foreign' && options.ownPage && isOwnOrigin(headers, host) ? 'sameOrigin' : verdict
  if (origin === 'foreign' && !options.publicToAnyOrigin) {
    return { ok: false, error: originRefused(headers.origin ?? '') }
  }
  return { ok: true, crossSite: origin === 'crossSite' || origin === 'foreign', origin }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
