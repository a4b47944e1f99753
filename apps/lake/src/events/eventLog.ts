import { EventEmitter } from 'node:events'

/**
 * The recent events of one dataset, in commit order, for live listeners and for resuming a
 * listener from its `Last-Event-ID`. Older events fall off; a listener asking to resume from
 * one of those is told to reset and refetch.
 */
export class EventLog<T> {
  /**
   * The newest `capacity` events, after older ones the log no longer offers: those are dropped
   * all at once when there are as many again, since dropping one per publish moved every kept
   * event on every write.
   */
  #events: T[] = []
  readonly #emitter = new EventEmitter()
  readonly #capacity: number
  readonly #idOf: (event: T) => string

  constructor(idOf: (event: T) => string, capacity = 2000) {
    this.#idOf = idOf
    this.#capacity = capacity
    this.#emitter.setMaxListeners(0)
  }

  publish(events: T[]): void {
    for (const event of events) this.#events.push(event)
    if (this.#events.length >= 2 * this.#capacity) this.#events = this.#events.slice(-this.#capacity)
    for (const event of events) this.#emitter.emit('event', event)
  }

  subscribe(listener: (event: T) => void): () => void {
    this.#emitter.on('event', listener)
    return () => this.#emitter.off('event', listener)
  }

  /** Events after `eventId`, or undefined when that id is no longer (or never was) in the log. */
  since(eventId: string): T[] | undefined {
    const events = this.#events
    for (let index = Math.max(0, events.length - this.#capacity); index < events.length; index++) {
      if (this.#idOf(events[index] as T) === eventId) return events.slice(index + 1)
    }
    return undefined
  }
}
