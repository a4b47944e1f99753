import { internalError, LakeError } from '../errors.ts'
import type { SanityDocument } from '../store/types.ts'
import type { QueryPool } from './queryPool.ts'

export interface FilterOutcome<E> {
  /** Whether the event has a document the caller may see and the filter matches, in event order. */
  decided(event: E, matches: boolean): void
  /** The filter could not be decided (it ran out of time); no further events are decided. */
  fail(error: LakeError): void
}

// Events one match job decides at most: a filter's time limit is per job, so a job may not
// grow without bound however fast writes come.
const EVENTS_PER_JOB = 32

interface Waiting<E> {
  event: E
  documents: SanityDocument[]
}

/**
 * A listener's GROQ filter, evaluated in a query worker: even over one document a filter can
 * cost without bound (nested filters over literal arrays), so it never runs on the main thread.
 * Events are decided one after another, so they are delivered in the order they happened.
 *
 * The events that arrive while a decision is out (a group commit brings several at once) are
 * decided together, in one job: a job per event cost the lake thread a message to a worker and
 * back, and a write to the listener's socket, for every listener and every document written.
 */
export class ListenFilter {
  readonly #pool: QueryPool
  readonly #query: string
  readonly #params: Record<string, unknown>
  #chain: Promise<void> = Promise.resolve()
  #failed = false

  private constructor(pool: QueryPool, query: string, params: Record<string, unknown>) {
    this.#pool = pool
    this.#query = query
    this.#params = params
  }

  /** Parses the filter first, so bad GROQ is refused before the stream opens. */
  static async open(pool: QueryPool, query: string, params: Record<string, unknown>): Promise<ListenFilter> {
    await pool.parse(query, params)
    return new ListenFilter(pool, query, params)
  }

  /**
   * Returns a function that takes events in order; `documentsOf` names those the caller may see.
   * Every event is decided, a match or not, so the caller can tell when a transaction is complete.
   */
  inOrder<E>(documentsOf: (event: E) => SanityDocument[], outcome: FilterOutcome<E>): (event: E) => void {
    const waiting: Waiting<E>[] = []
    return (event) => {
      if (this.#failed) return
      waiting.push({ event, documents: documentsOf(event) })
      // One decision is queued for every EVENTS_PER_JOB events waiting; each takes the oldest
      // (that many at most) when its turn comes, with whatever arrived while it waited.
      if (waiting.length % EVENTS_PER_JOB !== 1) return
      this.#chain = this.#chain.then(() => this.#decide(waiting.splice(0, EVENTS_PER_JOB), outcome))
    }
  }

  async #decide<E>(batch: Waiting<E>[], outcome: FilterOutcome<E>): Promise<void> {
    if (this.#failed) return
    try {
      const documents = batch.flatMap((waiting) => waiting.documents)
      const verdicts =
        documents.length === 0 ? [] : await this.#pool.match(this.#query, this.#params, documents)
      let at = 0
      for (const { event, documents } of batch) {
        outcome.decided(event, verdicts.slice(at, at + documents.length).some(Boolean))
        at += documents.length
      }
    } catch (error) {
      this.#failed = true
      outcome.fail(error instanceof LakeError ? error : internalError((error as Error).message))
    }
  }
}
