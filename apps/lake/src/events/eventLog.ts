import { EventEmitter } from 'node:events'

/**
 * The recent events of one dataset, in commit order, for live listeners and for resuming a
 * listener from its `Last-Event-ID`. Older events fall off; a listener asking to resume from
 * one of those is told to reset and refetch.
 */
export class EventLog<T> {
  readonly #events: T[] = []
  readonly #emitter = new EventEmitter()
  readonly #capacity: number
  readonly #idOf: (event: T) => string

  constructor(idOf: (event: T) => string, capacity = 2000) {
    this.#idOf = idOf
    this.#capacity = capacity
    this.#emitter.setMaxListeners(0)
  }

  publish(events: T[]): void {
    this.#events.push(...events)
    if (this.#events.length > this.#capacity) this.#events.splice(0, this.#events.length - this.#capacity)
    for (const event of events) this.#emitter.emit('event', event)
  }

  subscribe(listener: (event: T) => void): () => void {
    this.#emitter.on('event', listener)
    return () => this.#emitter.off('event', listener)
  }

  /** Events after `eventId`, or undefined when that id is no longer (or never was) in the log. */
  since(eventId: string): T[] | undefined {
    const index = this.#events.findIndex((event) => this.#idOf(event) === eventId)
    return index === -1 ? undefined : this.#events.slice(index + 1)
  }
}
