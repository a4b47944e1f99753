import type { Account } from './accountStore.ts'
import type { Accounts } from './accounts.ts'
import { afterFailure, isLocked } from './lockout.ts'
import { passwordMatches } from './passwordHash.ts'

export interface SignInAttempt {
  email: string
  password: string
  /** The Studio origin the sign-in code is for (already checked against the allow-list). */
  origin: string
  /** The client's address, for the per-address limit and the audit log. */
  address: string
}

/**
 * The outcome of a sign-in. `refused` is deliberately one case: an unknown address, a wrong
 * password, a disabled or locked account and an unfinished invite all look the same to the caller.
 */
export type SignInOutcome =
  | { outcome: 'signedIn'; account: Account; code: string }
  | { outcome: 'refused' }
  | { outcome: 'addressLimited'; retryAfterSeconds: number }

/**
 * Signs a person in, step by step: the address limit, the password check (which runs even for an
 * unknown address, against a throwaway hash, so timing tells nothing), the account's state and
 * lock, then the record of success or failure and a one-minute code for the Studio.
 */
export async function signIn(accounts: Accounts, attempt: SignInAttempt): Promise<SignInOutcome> {
  const { address } = attempt
  const retryAfterSeconds = await accounts.addressLimiter.waitSeconds(address)
  if (retryAfterSeconds > 0) {
    accounts.audit.write({ event: 'addressLimited', address })
    return { outcome: 'addressLimited', retryAfterSeconds }
  }
  const account = accounts.store.byEmail(attempt.email)
  const matches = await passwordMatches(account?.passwordHash, attempt.password)
  const now = Date.now()
  const refusal = whyRefused(account, matches, now)
  if (refusal || !account) {
    await accounts.addressLimiter.recordFailure(address)
    if (account && refusal === 'wrongPassword') recordFailure(accounts, account, now, address)
    accounts.audit.write({
      event: 'signInFailed',
      address,
      reason: refusal ?? 'unknownEmail',
      // An unknown address is not logged: people type their password into the wrong field.
      ...(account ? { userId: account.id, email: account.email } : {}),
    })
    return { outcome: 'refused' }
  }
  accounts.store.recordSuccess(account.id)
  const code = accounts.codes.issue(account.id, attempt.origin, now)
  accounts.audit.write({ event: 'signIn', userId: account.id, email: account.email, address })
  return { outcome: 'signedIn', account, code }
}

type Refusal = 'unknownEmail' | 'disabled' | 'noPasswordYet' | 'locked' | 'wrongPassword'

function whyRefused(account: Account | undefined, matches: boolean, now: number): Refusal | undefined {
  if (!account) return 'unknownEmail'
  if (account.disabled) return 'disabled'
  if (account.passwordHash === null) return 'noPasswordYet'
  // Checked after the hash, so a locked account answers in the same time as any other.
  if (isLocked(account, now)) return 'locked'
  return matches ? undefined : 'wrongPassword'
}

function recordFailure(accounts: Accounts, account: Account, now: number, address: string): void {
  const next = afterFailure(account, now, accounts.config.lockBaseMs)
  accounts.store.recordFailure(account.id, next.failedAttempts, next.lockedUntil)
  if (next.lockedUntil !== null) {
    accounts.audit.write({
      event: 'accountLocked',
      userId: account.id,
      email: account.email,
      address,
      reason: `${next.failedAttempts} failed sign-ins; locked until ${new Date(next.lockedUntil).toISOString()}`,
    })
  }
}
