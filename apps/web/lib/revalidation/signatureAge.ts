/**
 * How far a webhook's signature timestamp may be from now. A valid signature proves who sent a
 * body, not when: without a window, anyone who once saw a delivery could replay it forever.
 * Each delivery attempt is signed afresh, so retries stay inside the window.
 */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000
const MAX_CLOCK_SKEW_MS = 60 * 1000

/** The `t=<ms>` of a `sanity-webhook-signature` header, or undefined when it has none. */
export function signatureTimestamp(header: string | null): number | undefined {
  const value = header ? /(?:^|,)\s*t=(\d+)/.exec(header)?.[1] : undefined
  return value ? Number(value) : undefined
}

export function isFreshSignature(header: string | null, now = Date.now()): boolean {
  const timestamp = signatureTimestamp(header)
  if (timestamp === undefined) return false
  return timestamp >= now - MAX_SIGNATURE_AGE_MS && timestamp <= now + MAX_CLOCK_SKEW_MS
}
