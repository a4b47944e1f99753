/** Failed sign-ins in a row before an account is locked. */
export const LOCK_AFTER_FAILURES = 5
/** However many failures, a lock never outlasts a day. */
const LONGEST_LOCK_MS = 24 * 60 * 60 * 1000

export interface LockState {
  failedAttempts: number
  lockedUntil: number | null
}

export function isLocked(state: LockState, now: number): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now
}

/**
 * The state after one more failed sign-in. From the fifth failure on, each locks the account:
 * for `baseMs`, then twice as long each time (exponential), so guessing gets slower and slower
 * while the owner, who stops after a few tries, waits a minute. Attempts during a lock are not
 * counted (the caller refuses them before checking), so a lock cannot be stretched by hammering.
 */
export function afterFailure(state: LockState, now: number, baseMs: number): LockState {
  const failedAttempts = state.failedAttempts + 1
  if (failedAttempts < LOCK_AFTER_FAILURES) return { failedAttempts, lockedUntil: null }
  const lockMs = Math.min(baseMs * 2 ** (failedAttempts - LOCK_AFTER_FAILURES), LONGEST_LOCK_MS)
  return { failedAttempts, lockedUntil: now + lockMs }
}
