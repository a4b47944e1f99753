import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { LakeConfig, Role, TokenConfig } from '../config.ts'

export interface Identity {
  id: string
  name: string
  email: string
  role: Role | 'anonymous'
}

export const ANONYMOUS: Identity = { id: 'anonymous', name: 'Anonymous', email: '', role: 'anonymous' }

/**
 * What identity resolution needs: the configured tokens accepted now, whether the dev identity is
 * on now, the data dir's id key, and where to look up a token that is not configured (a signed-in
 * session or a robot token from `accounts/`).
 */
export interface AuthConfig extends Pick<LakeConfig, 'tokens'> {
  devIdentity: boolean
  identityKey: string
  findToken?: (token: string) => Identity | undefined
}

/**
 * A token's identity: a stable id keyed by the data dir's secret, so an id shown in presence or
 * history cannot be checked against guessed tokens, nor matched across two lakes.
 */
export function tokenIdentity(token: TokenConfig, identityKey: string): Identity {
  const id = `t${createHmac('sha256', identityKey).update(token.token).digest('hex').slice(0, 16)}`
  return { id, name: token.name ?? `${token.role} token`, email: '', role: token.role }
}

/** Who wrote transactions the lake makes itself. */
export const IMPORT_IDENTITY: Identity = {
  id: 'lake-import',
  name: 'Lake import',
  email: '',
  role: 'administrator',
}

/** Who wrote what the lake's scheduler publishes at a release's (or a schedule's) set time. */
export const SCHEDULER_IDENTITY: Identity = {
  id: 'lake-scheduler',
  name: 'Scheduled publishing',
  email: '',
  role: 'administrator',
}

export const DEV_IDENTITY: Identity = {
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
export function callerToken(headers: IncomingHttpHeaders): string | undefined {
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
 * Who is calling: a configured token or an account's session or robot token, else the loopback
 * dev identity (when on), else anonymous. A token that matches nothing is an error rather than anonymous, as on the hosted
 * API, so a revoked token fails loudly instead of silently reading less.
 */
export function resolveIdentity(
  config: AuthConfig,
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
): IdentityResult {
  const token = callerToken(headers)
  if (token) {
    const match = config.tokens.find((entry) => sameToken(entry.token, token))
    if (match) return { identity: tokenIdentity(match, config.identityKey) }
    const found = config.findToken?.(token)
    return found ? { identity: found } : { invalidToken: true }
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
