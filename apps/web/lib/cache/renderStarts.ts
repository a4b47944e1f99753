/**
 * The epoch at which the renders now in flight for each cache key began. Next.js reads an entry
 * (a miss, or a stale one) before it renders it again and writes the result when the render is
 * done; the write must carry the epoch of the read, not of the write. A render that began before a
 * publish reads the content as it was: stamped with the later epoch it would pass for fresh, on
 * every instance, until the next publish (it takes a few hundred milliseconds, while another
 * instance handles the publish).
 *
 * Several renders of one key may overlap (a fetch two pages make at once): the earliest epoch
 * stands until the last of them is written. A render that never writes (it failed) is forgotten
 * after `maxAgeMs`; a write that finds no begun render gets epoch 0, older than any expiry, so at
 * worst it is rendered once more.
 */
export class RenderStarts {
  readonly #maxAgeMs: number
  readonly #now: () => number
  readonly #inFlight = new Map<string, { epoch: number; renders: number; since: number }>()

  constructor(maxAgeMs = 5 * 60_000, now: () => number = Date.now) {
    this.#maxAgeMs = maxAgeMs
    this.#now = now
  }

  begin(key: string, epoch: number): void {
    const current = this.#live(key)
    if (current) current.renders++
    else this.#inFlight.set(key, { epoch, renders: 1, since: this.#now() })
  }

  /** The epoch the render being written began at. */
  end(key: string): number {
    const current = this.#live(key)
    if (!current) return 0
    current.renders--
    if (current.renders <= 0) this.#inFlight.delete(key)
    return current.epoch
  }

  #live(key: string) {
    const current = this.#inFlight.get(key)
    if (current && this.#now() - current.since > this.#maxAgeMs) {
      this.#inFlight.delete(key)
      return undefined
    }
    return current
  }
}
