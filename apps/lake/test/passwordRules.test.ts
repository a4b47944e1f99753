import { describe, expect, it } from 'vitest'
import { afterFailure, isLocked, LOCK_AFTER_FAILURES } from '../src/accounts/lockout.ts'
import { passwordProblem } from '../src/accounts/passwordPolicy.ts'

describe('account lock', () => {
  it('locks from the fifth failure on, each lock twice as long as the last, never past a day', () => {
    const base = 60_000
    let state = { failedAttempts: 0, lockedUntil: null as number | null }
    const locks: Array<number | null> = []
    for (let failure = 1; failure <= 8; failure++) {
      state = afterFailure(state, 0, base)
      locks.push(state.lockedUntil)
    }
    expect(LOCK_AFTER_FAILURES).toBe(5)
    expect(locks).toEqual([null, null, null, null, base, 2 * base, 4 * base, 8 * base])
    expect(isLocked(state, 8 * base - 1)).toBe(true)
    expect(isLocked(state, 8 * base)).toBe(false)
    expect(afterFailure({ failedAttempts: 40, lockedUntil: null }, 0, base).lockedUntil).toBe(24 * 3600_000)
  })
})

describe('password rules (NIST SP 800-63B)', () => {
  it.each([
    ['eleven char', 'Use at least 12 characters'],
    ['password1234', 'too easy to guess'],
    ['qwertyuiopasdf', 'too easy to guess'],
    ['aaaaaaaaaaaaaaaa', 'too easy to guess'],
    ['ana.editor@example.com', 'too easy to guess'],
  ])('refuses %j', async (password, problem) => {
    expect(await passwordProblem(password, ['ana.editor@example.com', 'Ana Editor'])).toContain(problem)
  })

  it.each([
    'correct horse battery staple',
    'sunlight over baldwin harbour',
    'Tr0ub4dor&3 but longer',
    'ÿeşil çay ve kırmızı elma',
  ])('accepts %j: no composition rules, any characters', async (password) => {
    expect(await passwordProblem(password, ['ana.editor@example.com', 'Ana Editor'])).toBeUndefined()
  })
})
