import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './accountsDb.ts'
import { newSecret, secretHash } from './secretTokens.ts'

function prepareStatements(db: DatabaseSync) {
  return {
    insert: db.prepare('INSERT INTO invites (token_hash, account_id, expires_at) VALUES (?, ?, ?)'),
    removeForAccount: db.prepare('DELETE FROM invites WHERE account_id = ?'),
    byHash: db.prepare('SELECT account_id, expires_at FROM invites WHERE token_hash = ?'),
    remove: db.prepare('DELETE FROM invites WHERE token_hash = ?'),
    removeExpired: db.prepare('DELETE FROM invites WHERE expires_at <= ?'),
  }
}

/**
 * One-time links where an invited person sets their password. Only the link's hash is kept;
 * a new invite replaces the account's earlier ones, and using one deletes it.
 */
export class Invites {
  readonly #db: DatabaseSync
  readonly #statements: ReturnType<typeof prepareStatements>
  readonly #ttlMs: number

  constructor(db: DatabaseSync, ttlMs: number) {
    this.#db = db
    this.#statements = prepareStatements(db)
    this.#ttlMs = ttlMs
  }

  /** A new invite for the account (its earlier ones stop working); returns the secret for the link. */
  create(accountId: string, now = Date.now()): { token: string; expiresAt: number } {
    const token = newSecret('lki_')
    const expiresAt = now + this.#ttlMs
    inTransaction(this.#db, () => {
      this.#statements.removeForAccount.run(accountId)
      this.#statements.insert.run(secretHash(token), accountId, expiresAt)
    })
    return { token, expiresAt }
  }

  /** The account an unexpired invite is for, without using it up (to show the form). */
  peek(token: string, now = Date.now()): string | undefined {
    const row = this.#statements.byHash.get(secretHash(token)) as
      | { account_id: string; expires_at: number }
      | undefined
    return row && row.expires_at > now ? row.account_id : undefined
  }

  /**
   * Uses the invite up and runs `accept` with its account, in one transaction: of two tabs
   * posting the same link, one sets the password and the other finds the invite gone.
   */
  consume<T>(token: string, accept: (accountId: string) => T, now = Date.now()): T | undefined {
    return inTransaction(this.#db, () => {
      const accountId = this.peek(token, now)
      if (accountId === undefined) return undefined
      this.#statements.remove.run(secretHash(token))
      return accept(accountId)
    })
  }

  sweep(now = Date.now()): void {
    this.#statements.removeExpired.run(now)
  }
}
