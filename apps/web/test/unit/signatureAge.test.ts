import { describe, expect, it } from 'vitest'
import { isFreshSignature, MAX_SIGNATURE_AGE_MS, signatureTimestamp } from '@/lib/revalidation/signatureAge'

describe('webhook signature age', () => {
  const now = 1_800_000_000_000

  it('reads the timestamp of a sanity-webhook-signature header', () => {
    expect(signatureTimestamp(`t=${now},v1=abc`)).toBe(now)
    expect(signatureTimestamp('v1=abc')).toBeUndefined()
    expect(signatureTimestamp(null)).toBeUndefined()
  })

  it('accepts a fresh signature and refuses a replayed, future or missing one', () => {
    expect(isFreshSignature(`t=${now - 1000},v1=x`, now)).toBe(true)
    expect(isFreshSignature(`t=${now - MAX_SIGNATURE_AGE_MS - 1},v1=x`, now)).toBe(false)
    expect(isFreshSignature(`t=${now + 10 * 60 * 1000},v1=x`, now)).toBe(false)
    expect(isFreshSignature('v1=x', now)).toBe(false)
    expect(isFreshSignature(null, now)).toBe(false)
  })
})
