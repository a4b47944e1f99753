import { EventLog } from '../events/eventLog.ts'
import type { CommittedTransaction } from '../store/types.ts'

/**
 * The Live Content API's `waitFor=function`: "delays events until after a Sanity Function has
 * processed them and called the callback endpoint" (@sanity/client). For each dataset a
 * sync-tag-invalidate function covers, transactions are released here, in commit order, once
 * every such function has called `done()` for them or ended (a function that never calls it, or
 * fails for good, does not hold live events back forever); `waitFor=function` listeners follow
 * this log instead of the dataset's. Datasets no such function covers are not delayed.
 */
export class LiveGate {
  readonly #covers: (dataset: string) => boolean
  readonly #logs = new Map<string, EventLog<CommittedTransaction>>()

  constructor(covers: (dataset: string) => boolean) {
    this.#covers = covers
  }

  /** The released transactions of a dataset whose live events wait for a function; undefined for others. */
  released(dataset: string): EventLog<CommittedTransaction> | undefined {
    if (!this.#covers(dataset)) return undefined
    let log = this.#logs.get(dataset)
    if (!log) {
      log = new EventLog<CommittedTransaction>((transaction) => transaction.id)
      this.#logs.set(dataset, log)
    }
    return log
  }

  release(dataset: string, transaction: CommittedTransaction): void {
    this.released(dataset)?.publish([transaction])
  }
}
