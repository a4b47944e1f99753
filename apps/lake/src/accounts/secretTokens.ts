import { createHash, randomBytes } from 'node:crypto'

/**
 * A fresh secret of 256 random bits, URL-safe, behind a prefix that says what it is (`lks_` a
 * session, `lkc_` a sign-in code, `lki_` an invite, `lkt_` a robot token), so one that leaks
 * into a log or a paste is recognisable, and secret scanners can be taught the prefixes.
 */
export function newSecret(prefix: 'lks_' | 'lkc_' | 'lki_' | 'lkt_'): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}

/**
 * What the data dir keeps instead of a secret. A plain SHA-256 is enough here (unlike for
 * passwords): 256 random bits cannot be found by guessing, however fast each guess is.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

/** A public id: for a person `p…` (as Sanity's user ids look), for a session or robot token another letter. */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`
}
