import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { Identity } from '../auth/identity.ts'
import type { AccountsConfig } from '../config.ts'
import { type Account, AccountStore } from './accountStore.ts'
import { openAccountsDb } from './accountsDb.ts'
import { AddressLimiter } from './addressLimiter.ts'
import { AuditLog } from './auditLog.ts'
import { Invites } from './invites.ts'
import { RobotTokens } from './robotTokens.ts'
import { Sessions } from './sessions.ts'
import { SignInCodes } from './signInCodes.ts'

/** How often a running lake looks for changes another process (the command line) made. */
const POLL_MS = 250
/** How often expired sessions, invites and codes are swept, and streams of expired sessions ended. */
const SWEEP_MS = 60_000

interface Holder {
  token: string
  identity: Identity
  end(): void
}

export function identityOfAccount(account: Account): Identity {
  return { id: account.id, name: account.name, email: account.email, role: account.role }
}

/**
 * The lake's accounts: people (with sessions and invites) and robot tokens, in
 * `<data dir>/accounts.sqlite`, plus the audit log and the per-address sign-in limit. The running
 * lake and `npm run lake -- users|tokens` open the same file; the lake notices the other's writes
 * within `POLL_MS` (SQLite's `data_version`) and then ends the streams of sessions and tokens
 * that no longer hold, as it does for tokens removed from `lake.config.json`.
 */
export class Accounts {
  readonly store: AccountStore
  readonly sessions: Sessions
  readonly invites: Invites
  readonly codes: SignInCodes
  readonly robots: RobotTokens
  readonly audit: AuditLog
  readonly addressLimiter: AddressLimiter
  readonly config: AccountsConfig
  readonly #db: DatabaseSync
  readonly #dataVersionQuery: StatementSync
  readonly #holders = new Set<Holder>()
  readonly #listeners = new Set<() => void>()
  #dataVersion = 0
  #timer: NodeJS.Timeout | undefined

  constructor(dataDir: string, config: AccountsConfig) {
    this.config = config
    this.#db = openAccountsDb(dataDir)
    this.#dataVersionQuery = this.#db.prepare('PRAGMA data_version')
    this.store = new AccountStore(this.#db)
    this.sessions = new Sessions(this.#db, { idleMs: config.sessionIdleMs, maxMs: config.sessionMaxMs })
    this.invites = new Invites(this.#db, config.inviteTtlMs)
    this.codes = new SignInCodes(this.#db, config.signInCodeTtlMs)
    this.robots = new RobotTokens(this.#db)
    this.audit = new AuditLog(dataDir, config.auditMaxBytes)
    this.addressLimiter = new AddressLimiter(config.addressFailures, config.addressWindowMs)
  }

  /** Who a bearer token or session cookie belongs to: a signed-in person or a robot token. */
  identify(token: string): Identity | undefined {
    const session = this.sessions.find(token)
    if (session) return identityOfAccount(session.account)
    const robot = this.robots.find(token)
    return robot ? { id: robot.id, name: robot.name, email: '', role: robot.role } : undefined
  }

  /**
   * Calls `end` once when `token` stops signing in as the identity it has now (signed out,
   * revoked, disabled, removed, role changed, expired); returns the release for when the stream
   * closes on its own. Tokens that are not the accounts' hold nothing here.
   */
  endWhenRevoked(token: string | undefined, end: () => void): () => void {
    const identity = token === undefined ? undefined : this.identify(token)
    if (token === undefined || !identity) return () => {}
    const holder: Holder = { token, identity, end }
    this.#holders.add(holder)
    return () => this.#holders.delete(holder)
  }

  /** Calls `listener` after each change to accounts or tokens, from this process or another. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Tells everyone that follows the accounts (streams, member groups) that they changed. */
  changed(): void {
    this.#endRevoked()
    for (const listener of this.#listeners) listener()
  }

  /** Follows changes made by other processes until the returned stop is called (the serving lake). */
  watch(): () => void {
    this.#dataVersion = this.#readDataVersion()
    let lastSweep = 0
    this.#timer = setInterval(() => {
      const version = this.#readDataVersion()
      const now = Date.now()
      if (now - lastSweep >= SWEEP_MS) {
        lastSweep = now
        this.#sweep(now)
      }
      if (version === this.#dataVersion) return
      this.#dataVersion = version
      this.changed()
    }, POLL_MS)
    this.#timer.unref()
    return () => clearInterval(this.#timer)
  }

  close(): void {
    clearInterval(this.#timer)
    this.#db.close()
  }

  #sweep(now: number): void {
    try {
      this.sessions.sweep(now)
      this.invites.sweep(now)
      this.codes.sweep(now)
    } catch (error) {
      // A busy or full disk delays the sweep to the next round; nothing depends on it.
      console.error(`lake: could not sweep expired sessions: ${(error as Error).message}`)
    }
    this.#endRevoked()
  }

  #readDataVersion(): number {
    return (this.#dataVersionQuery.get() as { data_version: number }).data_version
  }

  #endRevoked(): void {
    for (const holder of this.#holders) {
      const now = this.identify(holder.token)
      if (now && now.id === holder.identity.id && now.role === holder.identity.role) continue
      this.#holders.delete(holder)
      holder.end()
    }
  }
}
