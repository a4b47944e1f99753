import type { DatabaseSync } from 'node:sqlite'
import { type Account, accountOf } from './accountStore.ts'
import { newId, newSecret, secretHash } from './secretTokens.ts'

export interface SessionLimits {
  idleMs: number
  maxMs: number
}

/** A signed-in browser: the account, and the session's public id (never its token). */
export interface ActiveSession {
  id: string
  account: Account
}

/** Writing "last seen" on every request would make each read a disk write; once a minute is enough for a 14-day idle limit. */
const SEEN_GRANULARITY_MS = 60_000

function prepareStatements(db: DatabaseSync) {
  return {
    insert: db.prepare(
      'INSERT INTO sessions (id, token_hash, account_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    byHash: db.prepare(
      `SELECT sessions.id AS session_id, sessions.last_seen_at, sessions.expires_at, accounts.*
       FROM sessions JOIN accounts ON accounts.id = sessions.account_id WHERE sessions.token_hash = ?`,
    ),
    seen: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    removeForAccount: db.prepare('DELETE FROM sessions WHERE account_id = ?'),
    removeExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?'),
    countForAccount: db.prepare(
      'SELECT COUNT(*) AS count FROM sessions WHERE account_id = ? AND expires_at > ? AND last_seen_at > ?',
    ),
  }
}

/**
 * Sessions in their own table, keyed by the hash of a random 256-bit token: the token itself
 * exists only in the browser (and the cookie), so reading the data dir signs no one in, and
 * revoking a session is deleting its row. Each ends after `idleMs` without use or `maxMs` after
 * sign-in, whichever comes first.
 */
export class Sessions {
  readonly #statements: ReturnType<typeof prepareStatements>
  readonly #limits: SessionLimits

  constructor(db: DatabaseSync, limits: SessionLimits) {
    this.#statements = prepareStatements(db)
    this.#limits = limits
  }

  /** Starts a session for `accountId`; returns the token, which is shown once and never stored. */
  start(accountId: string, now = Date.now()): { id: string; token: string; expiresAt: number } {
    const token = newSecret('lks_')
    const id = newId('s')
    const expiresAt = now + this.#limits.maxMs
    this.#statements.insert.run(id, secretHash(token), accountId, now, now, expiresAt)
    return { id, token, expiresAt }
  }

  /** The live session a token belongs to, or undefined (unknown, expired, or its account disabled). */
  find(token: string, now = Date.now()): ActiveSession | undefined {
    const row = this.#statements.byHash.get(secretHash(token)) as
      | (Parameters<typeof accountOf>[0] & { session_id: string; last_seen_at: number; expires_at: number })
      | undefined
    if (!row || row.disabled === 1) return undefined
    if (row.expires_at <= now || row.last_seen_at + this.#limits.idleMs <= now) return undefined
    if (now - row.last_seen_at >= SEEN_GRANULARITY_MS) this.#statements.seen.run(now, row.session_id)
    return { id: row.session_id, account: accountOf(row) }
  }

  /** Ends the session of `token`; whether there was one. */
  end(token: string): boolean {
    return Number(this.#statements.remove.run(secretHash(token)).changes) > 0
  }

  /** Ends every session of an account (reset, disable, role change by removal). */
  endAll(accountId: string): number {
    return Number(this.#statements.removeForAccount.run(accountId).changes)
  }

  countActive(accountId: string, now = Date.now()): number {
    const row = this.#statements.countForAccount.get(accountId, now, now - this.#limits.idleMs) as {
      count: number
    }
    return row.count
  }

  /** Drops rows of sessions that can no longer be used, so the table does not grow without end. */
  sweep(now = Date.now()): void {
    this.#statements.removeExpired.run(now, now - this.#limits.idleMs)
  }
}
