import { EventEmitter } from 'node:events'

/**
 * The recent events of one dataset, in commit order, for live listeners and for resuming a
 * listener from its `Last-Event-ID`. Older events fall off; a listener asking to resume from
 * one of those is told to reset and refetch.
 */
export class EventLog<T> {
  /**
   * The newest `capacity` events in a ring: the oldest one is overwritten in place, where
   * dropping it from the front of an array moved every kept event on every write.
   */
  readonly #ring: T[] = []
  /** Where the next event goes once the ring is full: the oldest event's slot. */
  #oldest = 0
  readonly #emitter = new EventEmitter()
  readonly #capacity: number
  readonly #idOf: (event: T) => string

  constructor(idOf: (event: T) => string, capacity = 2000) {
    this.#idOf = idOf
    this.#capacity = capacity
    this.#emitter.setMaxListeners(0)
  }

  publish(events: T[]): void {
    for (const event of events) this.#keep(event)
    for (const event of events) this.#emitter.emit('event', event)
  }

  subscribe(listener: (event: T) => void): () => void {
    this.#emitter.on('event', listener)
    return () => this.#emitter.off('event', listener)
  }

  /** Events after `eventId`, or undefined when that id is no longer (or never was) in the log. */
  since(eventId: string): T[] | undefined {
    const events = [...this.#ring.slice(this.#oldest), ...this.#ring.slice(0, this.#oldest)]
    const index = events.findIndex((event) => this.#idOf(event) === eventId)
    return index === -1 ? undefined : events.slice(index + 1)
  }

  #keep(event: T): void {
    if (this.#ring.length < this.#capacity) {
      this.#ring.push(event)
      return
    }
    this.#ring[this.#oldest] = event
    this.#oldest = (this.#oldest + 1) % this.#capacity
  }
}
