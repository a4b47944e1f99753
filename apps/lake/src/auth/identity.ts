import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { LakeConfig, Role } from '../config.ts'

export interface Identity {
  id: string
  name: string
  email: string
  role: Role | 'anonymous'
}

export const ANONYMOUS: Identity = { id: 'anonymous', name: 'Anonymous', email: '', role: 'anonymous' }

const DEV_IDENTITY: Identity = {
  id: 'pLocalDeveloper',
  name: 'Local Developer',
  email: 'developer@localhost',
  role: 'administrator',
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

/** The token from `Authorization: Bearer`, or from the `sanitySession` cookie browsers send with credentials. */
function callerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim()
  const cookie = headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('sanitySession='))
  return cookie ? decodeURIComponent(cookie.slice('sanitySession='.length)) : undefined
}

function sameToken(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}

export type IdentityResult = { identity: Identity } | { invalidToken: true }

/**
 * Who is calling: a configured token, else the loopback dev identity (when enabled), else
 * anonymous. A token that matches nothing is an error rather than anonymous, as on the hosted
 * API, so a revoked token fails loudly instead of silently reading less.
 */
export function resolveIdentity(
  config: Pick<LakeConfig, 'tokens' | 'devIdentity'>,
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
): IdentityResult {
  const token = callerToken(headers)
  if (token) {
    const match = config.tokens.find((entry) => sameToken(entry.token, token))
    if (!match) return { invalidToken: true }
    const id = `t${createHash('sha256').update(match.token).digest('hex').slice(0, 12)}`
    return { identity: { id, name: match.name ?? `${match.role} token`, email: '', role: match.role } }
  }
  if (config.devIdentity && isLoopback(remoteAddress)) return { identity: DEV_IDENTITY }
  return { identity: ANONYMOUS }
}

export function canWrite(identity: Identity): boolean {
  return identity.role === 'administrator' || identity.role === 'editor'
}

export function canReadDrafts(identity: Identity): boolean {
  return identity.role !== 'anonymous'
}
