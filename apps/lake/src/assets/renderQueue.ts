import { renderQueueFull } from '../errors.ts'

/** A first guess at one render's duration, until renders have been measured. */
const INITIAL_RENDER_MS = 250
const MAX_RETRY_AFTER_SECONDS = 60

/**
 * Image work (decoding, resizing, encoding) runs a few jobs at a time. sharp works on libuv's
 * small thread pool, which file reads share, so without a bound a burst of large renders makes
 * every original and cached variant wait behind them. Past the waiting list the answer is a
 * 503: queueing without end would only turn the burst into memory and timeouts.
 */
export class RenderQueue {
  readonly #concurrency: number
  readonly #queueLength: number
  readonly #waiting: Array<() => void> = []
  #running = 0
  #meanMs = INITIAL_RENDER_MS

  constructor(concurrency: number, queueLength: number) {
    this.#concurrency = Math.max(1, concurrency)
    this.#queueLength = Math.max(0, queueLength)
  }

  /**
   * Runs `task` when a slot is free. `urgent` work (an editor's upload) goes to the front of the
   * line and is never refused: it is authorised and rare, unlike variant URLs anyone can mint.
   */
  async run<T>(task: () => Promise<T>, { urgent = false } = {}): Promise<T> {
    await this.#acquire(urgent)
    const started = performance.now()
    try {
      return await task()
    } finally {
      this.#meanMs = 0.8 * this.#meanMs + 0.2 * (performance.now() - started)
      this.#release()
    }
  }

  #acquire(urgent: boolean): Promise<void> {
    if (this.#running < this.#concurrency) {
      this.#running++
      return Promise.resolve()
    }
    if (!urgent && this.#waiting.length >= this.#queueLength) throw renderQueueFull(this.#retryAfter())
    return new Promise((resolve) => {
      if (urgent) this.#waiting.unshift(resolve)
      else this.#waiting.push(resolve)
    })
  }

  /** Hands the slot straight to the next in line, so a newcomer cannot overtake it. */
  #release(): void {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#running--
  }

  /** About how long until everything now queued has run. */
  #retryAfter(): number {
    const rounds = (this.#waiting.length + this.#running) / this.#concurrency
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil((rounds * this.#meanMs) / 1000)))
  }
}
