import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

/**
 * Argon2id with the first of OWASP's Password Storage Cheat Sheet settings: 19 MiB of memory,
 * two passes, one lane. `@node-rs/argon2` hashes on libuv's thread pool, so a sign-in never
 * blocks the thread that serves every other request. (`algorithm: 2` is its `Algorithm.Argon2id`,
 * a `const enum` that type-stripped TypeScript cannot read.)
 */
const OWASP_ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OWASP_ARGON2ID)
}

let standIn: Promise<string> | undefined

/**
 * Checks `password` against `stored`, or against a throwaway hash when there is no account (or
 * no password yet), so an unknown address costs the same work as a known one and the time of
 * the answer does not tell them apart.
 */
export async function passwordMatches(stored: string | null | undefined, password: string): Promise<boolean> {
  standIn ??= hashPassword(randomBytes(32).toString('base64url'))
  const against = stored ?? (await standIn)
  try {
    return (await verify(against, password)) && stored !== null && stored !== undefined
  } catch {
    // A hash the library cannot read matches nothing, rather than failing the request.
    return false
  }
}
