import type { DatabaseSync } from 'node:sqlite'
import type { Role } from '../config.ts'
import { newId } from './secretTokens.ts'

/** One person who may sign in. `passwordHash` is null until they have accepted their invite. */
export interface Account {
  id: string
  email: string
  name: string
  role: Role
  passwordHash: string | null
  createdAt: string
  lastSignInAt: string | null
  disabled: boolean
  failedAttempts: number
  /** Epoch ms until which sign-in is refused, after repeated failures. */
  lockedUntil: number | null
}

interface AccountRow {
  id: string
  email: string
  name: string
  role: string
  password_hash: string | null
  created_at: string
  last_sign_in_at: string | null
  disabled: number
  failed_attempts: number
  locked_until: number | null
}

export function accountOf(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    disabled: row.disabled === 1,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
  }
}

/** Addresses are compared as people type them in any case, with no spaces around. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

const EMAIL = /^[^\s@]+@[^\s@]+$/

export function isEmail(value: string): boolean {
  return EMAIL.test(value) && value.length <= 254
}

function prepareStatements(db: DatabaseSync) {
  return {
    insert: db.prepare('INSERT INTO accounts (id, email, name, role, created_at) VALUES (?, ?, ?, ?, ?)'),
    byEmail: db.prepare('SELECT * FROM accounts WHERE email = ?'),
    byId: db.prepare('SELECT * FROM accounts WHERE id = ?'),
    list: db.prepare('SELECT * FROM accounts ORDER BY created_at, email'),
    any: db.prepare('SELECT EXISTS (SELECT 1 FROM accounts) AS present'),
    role: db.prepare('UPDATE accounts SET role = ? WHERE id = ?'),
    disabled: db.prepare('UPDATE accounts SET disabled = ? WHERE id = ?'),
    password: db.prepare(
      'UPDATE accounts SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?',
    ),
    failure: db.prepare('UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE id = ?'),
    success: db.prepare(
      'UPDATE accounts SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ? WHERE id = ?',
    ),
    remove: db.prepare('DELETE FROM accounts WHERE id = ?'),
  }
}

/** The accounts table: who may sign in, their role, and their sign-in record. */
export class AccountStore {
  readonly #statements: ReturnType<typeof prepareStatements>

  constructor(db: DatabaseSync) {
    this.#statements = prepareStatements(db)
  }

  add(email: string, name: string, role: Role): Account {
    const id = newId('p')
    this.#statements.insert.run(id, normalizeEmail(email), name.trim(), role, new Date().toISOString())
    return this.byId(id) as Account
  }

  byEmail(email: string): Account | undefined {
    return rowToAccount(this.#statements.byEmail.get(normalizeEmail(email)))
  }

  byId(id: string): Account | undefined {
    return rowToAccount(this.#statements.byId.get(id))
  }

  list(): Account[] {
    return (this.#statements.list.all() as unknown as AccountRow[]).map(accountOf)
  }

  /** Whether any account exists: from then on the dev identity is off (unless forced on). */
  hasAccounts(): boolean {
    return (this.#statements.any.get() as { present: number }).present === 1
  }

  setRole(id: string, role: Role): void {
    this.#statements.role.run(role, id)
  }

  setDisabled(id: string, disabled: boolean): void {
    this.#statements.disabled.run(disabled ? 1 : 0, id)
  }

  /** A new password (or none, after a reset), which also clears any lock. */
  setPasswordHash(id: string, hash: string | null): void {
    this.#statements.password.run(hash, id)
  }

  recordFailure(id: string, failedAttempts: number, lockedUntil: number | null): void {
    this.#statements.failure.run(failedAttempts, lockedUntil, id)
  }

  recordSuccess(id: string): void {
    this.#statements.success.run(new Date().toISOString(), id)
  }

  /** Removes the account with its sessions, invites and codes (they cascade). */
  remove(id: string): void {
    this.#statements.remove.run(id)
  }
}

function rowToAccount(row: unknown): Account | undefined {
  return row ? accountOf(row as AccountRow) : undefined
}
