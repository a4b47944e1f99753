import { setTimeout as sleep } from 'node:timers/promises'
import type { Dataset } from '../store/dataset.ts'
import type { CommittedTransaction } from '../store/types.ts'

/** Where a follower has got to: the last transaction fully handled, by sequence number and id. */
export interface Cursor {
  seq: number
  /** Null for cursors written before ids were kept. */
  transactionId: string | null
}

/** Where followers keep their cursors, durably (webhooks.sqlite, functions.sqlite). */
export interface CursorStore {
  cursor(follower: string, dataset: string): Cursor | undefined
  setCursor(follower: string, dataset: string, cursor: Cursor): void
}

const BATCH = 50

export interface FollowerOptions {
  /** The follower's name in its cursor store, and in its log lines (`webhook "revalidate"`). */
  name: string
  describe: string
  dataset: Dataset
  cursors: CursorStore
  /**
   * Everything one transaction calls for, done before the cursor moves past it: what throws is
   * tried again from the cursor. `signal` aborts when the follower stops. Resolves to whether the
   * transaction called for anything: the cursor past one that did not need not be written at once.
   */
  handle(transaction: CommittedTransaction, signal: AbortSignal): Promise<boolean>
}

/**
 * Follows one dataset's transaction log from a durable cursor, one transaction at a time, in
 * commit order: what webhooks and functions are delivered from. It reads the log rather than an
 * in-memory queue, so nothing is lost when the lake stops: on restart it resumes after the last
 * transaction it finished (at least once: a transaction handled but not yet recorded is handled
 * again). Nothing here runs in a writer's path, so a slow or failing handler never blocks writes.
 */
export class TransactionFollower {
  readonly #options: FollowerOptions
  #stopped = false
  #wake: (() => void) | undefined
  readonly #unsubscribe: () => void
  readonly #abort = new AbortController()
  readonly done: Promise<void>

  constructor(options: FollowerOptions) {
    this.#options = options
    this.#placeCursor()
    this.#unsubscribe = options.dataset.transactions.subscribe(() => this.#wake?.())
    this.done = this.#run()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#abort.abort()
    this.#unsubscribe()
    this.#wake?.()
    await this.done
  }

  /**
   * A follower seen for the first time starts from now: it does not replay the past. A cursor
   * into a transaction log that is no longer this dataset's (made anew by `lake reset`, or
   * deleted and created) would skip the new log's transactions until their numbers caught up, so
   * it restarts at the new log's first transaction: all of them came after the follower.
   */
  #placeCursor(): void {
    const { name, describe, cursors, dataset } = this.#options
    const cursor = cursors.cursor(name, dataset.name)
    if (cursor === undefined) {
      cursors.setCursor(name, dataset.name, this.#cursorAt(dataset.storage.lastSeq()))
      return
    }
    if (this.#logHolds(cursor)) return
    console.log(
      `lake: ${describe}: dataset "${dataset.name}" was made anew since it last ran; following the new dataset's transactions from the first`,
    )
    cursors.setCursor(name, dataset.name, { seq: 0, transactionId: null })
  }

  #cursorAt(seq: number): Cursor {
    const [entry] = seq === 0 ? [] : this.#options.dataset.storage.transactionsSince(seq - 1, 1)
    return { seq, transactionId: entry?.transaction.id ?? null }
  }

  #logHolds(cursor: Cursor): boolean {
    if (cursor.seq === 0) return true
    const [entry] = this.#options.dataset.storage.transactionsSince(cursor.seq - 1, 1)
    if (entry?.seq !== cursor.seq) return false
    return cursor.transactionId === null || entry.transaction.id === cursor.transactionId
  }

  /**
   * The loop survives its own failures (a full disk refusing the cursor write, a filter that
   * cannot be evaluated): it logs, waits, and tries again from the durable cursor.
   */
  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#drain()
      } catch (error) {
        console.error(`lake: ${this.#options.describe} failed, retrying: ${(error as Error).message}`)
        await sleep(1000, undefined, { signal: this.#abort.signal }).catch(() => {})
      }
    }
  }

  async #drain(): Promise<void> {
    const { name, dataset, cursors, handle } = this.#options
    while (!this.#stopped) {
      const cursor = cursors.cursor(name, dataset.name)?.seq ?? 0
      const batch = dataset.storage.transactionsSince(cursor, BATCH)
      if (batch.length === 0) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve
        })
        continue
      }
      // Where the cursor may move once the batch is through: past transactions that called for
      // nothing, which need no durable mark each (a sync to disk apiece, on the lake's thread);
      // after a crash they are looked at again and again call for nothing.
      let passed: Cursor | undefined
      for (const { seq, transaction } of batch) {
        const acted = await handle(transaction, this.#abort.signal)
        // Stopped meanwhile (its dataset deleted, say): the cursor is no longer this follower's.
        if (this.#stopped) return
        passed = { seq, transactionId: transaction.id }
        if (!acted) continue
        cursors.setCursor(name, dataset.name, passed)
        passed = undefined
      }
      if (passed) cursors.setCursor(name, dataset.name, passed)
    }
  }
}
