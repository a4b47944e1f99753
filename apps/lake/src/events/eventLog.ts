import { EventEmitter } from 'node:events'
import type { MutationEvent } from './mutationEvents.ts'

/**
 * The recent mutation events of one dataset, in commit order, for live listeners and for
 * resuming a listener from its `Last-Event-ID`. Older events fall off; a listener asking to
 * resume from one of those gets a `reset` and must refetch.
 */
export class EventLog {
  readonly #events: MutationEvent[] = []
  readonly #emitter = new EventEmitter()
  readonly #capacity: number

  constructor(capacity = 2000) {
    this.#capacity = capacity
    this.#emitter.setMaxListeners(0)
  }

  publish(events: MutationEvent[]): void {
    this.#events.push(...events)
    if (this.#events.length > this.#capacity) this.#events.splice(0, this.#events.length - this.#capacity)
    for (const event of events) this.#emitter.emit('event', event)
  }

  subscribe(listener: (event: MutationEvent) => void): () => void {
    this.#emitter.on('event', listener)
    return () => this.#emitter.off('event', listener)
  }

  /** Events after `eventId`, or undefined when that id is no longer (or never was) in the log. */
  since(eventId: string): MutationEvent[] | undefined {
    const index = this.#events.findIndex((event) => event.eventId === eventId)
    return index === -1 ? undefined : this.#events.slice(index + 1)
  }
}
