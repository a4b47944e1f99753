import type { LakeConfig } from '../config.ts'
import type { LakeRequest } from './context.ts'

/**
 * The client's address, for the sign-in limit and the audit log. Behind a reverse proxy every
 * request comes from the proxy, so with `trustProxy` the address is the last one the proxy added
 * to `X-Forwarded-For` (earlier entries are whatever the client claimed).
 */
export function clientAddress(req: LakeRequest, config: Pick<LakeConfig, 'trustProxy'>): string {
  const forwarded = req.headers['x-forwarded-for']
  if (config.trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim()
    if (last) return last
  }
  return req.socket?.remoteAddress ?? 'unknown'
}

/**
 * The lake's own origin as the browser sees it: `LAKE_PUBLIC_URL` when set, else the scheme this
 * request arrived on (TLS or HTTP/2 means https; behind a trusted proxy, its `X-Forwarded-Proto`)
 * and its Host, which the host check has already passed.
 */
export function publicOrigin(req: LakeRequest, config: Pick<LakeConfig, 'trustProxy' | 'publicUrl'>): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin
  const encrypted =
    req.httpVersionMajor === 2 || (req.socket as { encrypted?: boolean } | null)?.encrypted === true
  const proto = config.trustProxy ? req.headers['x-forwarded-proto'] : undefined
  const scheme = encrypted || proto === 'https' ? 'https' : 'http'
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? 'localhost'
  return `${scheme}://${host}`
}
