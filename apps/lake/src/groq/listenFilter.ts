import { internalError, LakeError } from '../errors.ts'
import type { SanityDocument } from '../store/types.ts'
import type { QueryPool } from './queryPool.ts'

export interface FilterOutcome<E> {
  /** Whether the event has a document the caller may see and the filter matches, in event order. */
  decided(event: E, matches: boolean): void
  /** The filter could not be decided (it ran out of time); no further events are decided. */
  fail(error: LakeError): void
}

/**
 * A listener's GROQ filter, evaluated in a query worker: even over one document a filter can
 * cost without bound (nested filters over literal arrays), so it never runs on the main thread.
 * Events are decided one after another, so they are delivered in the order they happened.
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
    return (event) => {
      if (this.#failed) return
      const documents = documentsOf(event)
      this.#chain = this.#chain.then(() => this.#decide(event, documents, outcome))
    }
  }

  async #decide<E>(event: E, documents: SanityDocument[], outcome: FilterOutcome<E>): Promise<void> {
    if (this.#failed) return
    try {
      const verdicts =
        documents.length === 0 ? [] : await this.#pool.match(this.#query, this.#params, documents)
      outcome.decided(event, verdicts.some(Boolean))
    } catch (error) {
      this.#failed = true
      outcome.fail(error instanceof LakeError ? error : internalError((error as Error).message))
    }
  }
}
