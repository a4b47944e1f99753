import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './accountsDb.ts'
import { newSecret, secretHash } from './secretTokens.ts'

function prepareStatements(db: DatabaseSync) {
  return {
    insert: db.prepare(
      'INSERT INTO sign_in_codes (code_hash, account_id, origin, expires_at) VALUES (?, ?, ?, ?)',
    ),
    byHash: db.prepare('SELECT account_id, origin, expires_at FROM sign_in_codes WHERE code_hash = ?'),
    remove: db.prepare('DELETE FROM sign_in_codes WHERE code_hash = ?'),
    removeExpired: db.prepare('DELETE FROM sign_in_codes WHERE expires_at <= ?'),
  }
}

/**
 * The `#sid=` a sign-in sends back to the Studio, which trades it at `/auth/fetch` for a session
 * token. It travels in a URL, so it is worth little: it works once, for a minute, and only for
 * the origin it was issued to.
 */
export class SignInCodes {
  readonly #db: DatabaseSync
  readonly #statements: ReturnType<typeof prepareStatements>
  readonly #ttlMs: number

  constructor(db: DatabaseSync, ttlMs: number) {
    this.#db = db
    this.#statements = prepareStatements(db)
    this.#ttlMs = ttlMs
  }

  issue(accountId: string, origin: string, now = Date.now()): string {
    const code = newSecret('lkc_')
    this.#statements.insert.run(secretHash(code), accountId, origin, now + this.#ttlMs)
    return code
  }

  /** Uses the code up (found or not, fresh or not); returns its account and origin while it was valid. */
  redeem(code: string, now = Date.now()): { accountId: string; origin: string } | undefined {
    return inTransaction(this.#db, () => {
      const hash = secretHash(code)
      const row = this.#statements.byHash.get(hash) as
        | { account_id: string; origin: string; expires_at: number }
        | undefined
      if (!row) return undefined
      this.#statements.remove.run(hash)
      return row.expires_at > now ? { accountId: row.account_id, origin: row.origin } : undefined
    })
  }

  sweep(now = Date.now()): void {
    this.#statements.removeExpired.run(now)
  }
}
