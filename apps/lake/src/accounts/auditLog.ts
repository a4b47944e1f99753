import { appendFileSync, existsSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** What happened, for an administrator reading `audit.log` later. Never a password, token or sid. */
export type AuditEvent =
  | 'signIn'
  | 'signInFailed'
  | 'accountLocked'
  | 'addressLimited'
  | 'signOut'
  | 'inviteCreated'
  | 'inviteAccepted'
  | 'userAdded'
  | 'roleChanged'
  | 'userDisabled'
  | 'userEnabled'
  | 'userReset'
  | 'userRemoved'
  | 'tokenCreated'
  | 'tokenRevoked'

/** Only these fields are written, so a secret cannot reach the log through a stray property. */
export interface AuditEntry {
  event: AuditEvent
  /** Who it concerns: an account's id and address, or a robot token's id and name. */
  userId?: string | undefined
  email?: string | undefined
  tokenId?: string | undefined
  name?: string | undefined
  role?: string | undefined
  /** Who did it, for administration (`cli` for the command line, else a user id). */
  by?: string | undefined
  /** The client address of a sign-in attempt. */
  address?: string | undefined
  reason?: string | undefined
}

const KEPT_ROTATIONS = 3

export function auditFile(dataDir: string): string {
  return join(dataDir, 'audit.log')
}

/**
 * One JSON line per event in `<data dir>/audit.log`, appended by the running lake and by the
 * command line alike (each line is one `write` in append mode, so lines from two processes do not
 * interleave). Past `maxBytes` the file moves to `audit.log.1` (and older ones along, three kept).
 */
export class AuditLog {
  readonly #file: string
  readonly #maxBytes: number

  constructor(dataDir: string, maxBytes: number) {
    this.#file = auditFile(dataDir)
    this.#maxBytes = maxBytes
  }

  write(entry: AuditEntry): void {
    const line = `${JSON.stringify({ at: new Date().toISOString(), ...pick(entry) })}\n`
    try {
      this.#rotateIfFull()
      appendFileSync(this.#file, line, { mode: 0o600 })
    } catch (error) {
      // An audit line that cannot be written (a full disk) must not fail the sign-in or command.
      console.error(`lake: could not write ${this.#file}: ${(error as Error).message}`)
    }
  }

  #rotateIfFull(): void {
    if (!existsSync(this.#file) || statSync(this.#file).size < this.#maxBytes) return
    for (let index = KEPT_ROTATIONS - 1; index >= 1; index--) {
      const older = `${this.#file}.${index}`
      if (existsSync(older)) renameSync(older, `${this.#file}.${index + 1}`)
    }
    renameSync(this.#file, `${this.#file}.1`)
  }
}

const FIELDS: Array<keyof AuditEntry> = [
  'event',
  'userId',
  'email',
  'tokenId',
  'name',
  'role',
  'by',
  'address',
  'reason',
]

function pick(entry: AuditEntry): Partial<AuditEntry> {
  return Object.fromEntries(
    FIELDS.flatMap((field) => (entry[field] === undefined ? [] : [[field, entry[field]]])),
  )
}
