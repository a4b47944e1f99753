import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

/**
 * Failed sign-ins per client address, beside the per-account lock: it slows one address trying
 * many accounts (which no account lock sees), and it answers alike whether the accounts exist.
 * Only failures count, so a newsroom behind one address is not refused for signing in.
 */
export class AddressLimiter {
  readonly #limiter: RateLimiterMemory

  constructor(failures: number, windowMs: number) {
    const seconds = Math.max(1, Math.ceil(windowMs / 1000))
    this.#limiter = new RateLimiterMemory({ points: failures, duration: seconds, blockDuration: seconds })
  }

  /** Seconds until `address` may try again, or 0 when it may now. */
  async waitSeconds(address: string): Promise<number> {
    const state = await this.#limiter.get(address)
    if (!state || state.remainingPoints > 0) return 0
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000))
  }

  async recordFailure(address: string): Promise<void> {
    try {
      await this.#limiter.consume(address)
    } catch (rejection) {
      // Out of points: the address is now blocked, which `waitSeconds` reports; anything else is real.
      if (!(rejection instanceof RateLimiterRes)) throw rejection
    }
  }
}
