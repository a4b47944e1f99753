import type { Dataset } from '../store/dataset.ts'
import type { SanityDocument } from '../store/types.ts'

/**
 * Work kept as documents under an id prefix, each with a time to run: scheduled releases, legacy
 * schedules. The documents are the whole state, so what is due survives a restart.
 */
export interface ScheduledKind {
  readonly prefix: string
  /** When the document falls due (ms since the epoch), or undefined when it has nothing to run. */
  dueAt(doc: SanityDocument): number | undefined
  /**
   * Runs it now. Each transaction it commits checks inside itself that the work is still due
   * and moves it on, so a run that a crash interrupts resumes where it stopped and never repeats.
   */
  run(dataset: Dataset, id: string): void
}

interface Due {
  kind: ScheduledKind
  at: number
}

// Timers are re-armed at least this often, which also keeps them inside setTimeout's range.
const MAX_TIMER_MS = 60 * 60 * 1000
// A run that failed (a full disk, say) is tried again after this long.
const RETRY_MS = 5_000

/**
 * Runs scheduled work on time: one timer, armed for the earliest due document across the datasets
 * it watches, and kept current from each dataset's committed transactions. Work that fell due
 * while the lake was down is due at once when its dataset is watched, i.e. at start.
 */
export class Scheduler {
  readonly #kinds: ScheduledKind[]
  readonly #isOpen: (dataset: Dataset) => boolean
  readonly #log: (line: string) => void
  readonly #watched = new Map<Dataset, { due: Map<string, Due>; unsubscribe: () => void }>()
  #timer: NodeJS.Timeout | undefined
  #stopped = false

  constructor(kinds: ScheduledKind[], isOpen: (dataset: Dataset) => boolean, log: (line: string) => void) {
    this.#kinds = kinds
    this.#isOpen = isOpen
    this.#log = log
  }

  watch(dataset: Dataset): void {
    if (this.#stopped || this.#watched.has(dataset)) return
    const due = new Map<string, Due>()
    for (const doc of dataset.storage.all()) this.#track(due, doc._id, doc)
    const unsubscribe = dataset.transactions.subscribe((transaction) => {
      let tracked = false
      for (const change of transaction.changes) tracked = this.#track(due, change.id, change.after) || tracked
      // Most writes touch no scheduled work, and leave the timer as it is.
      if (tracked) this.#arm()
    })
    this.#watched.set(dataset, { due, unsubscribe })
    this.#arm()
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    for (const { unsubscribe } of this.#watched.values()) unsubscribe()
    this.#watched.clear()
  }

  /** Follows one document; false if it is none of the scheduled kinds. */
  #track(due: Map<string, Due>, id: string, doc: SanityDocument | null): boolean {
    const kind = this.#kinds.find((candidate) => id.startsWith(candidate.prefix))
    if (!kind) return false
    const at = doc ? kind.dueAt(doc) : undefined
    if (at === undefined) due.delete(id)
    else due.set(id, { kind, at })
    return true
  }

  #arm(): void {
    clearTimeout(this.#timer)
    if (this.#stopped) return
    let next = Number.POSITIVE_INFINITY
    for (const { due } of this.#watched.values()) for (const { at } of due.values()) next = Math.min(next, at)
    if (next === Number.POSITIVE_INFINITY) return
    const delay = Math.min(Math.max(next - Date.now(), 0), MAX_TIMER_MS)
    this.#timer = setTimeout(() => this.#runDue(), delay)
    this.#timer.unref()
  }

  #runDue(): void {
    for (const [dataset, { due, unsubscribe }] of this.#watched) {
      if (!this.#isOpen(dataset)) {
        unsubscribe()
        this.#watched.delete(dataset)
        continue
      }
      for (const [id, { kind, at }] of [...due]) {
        if (at > Date.now()) continue
        try {
          kind.run(dataset, id)
        } catch (error) {
          this.#log(`lake: scheduled ${id} in ${dataset.name} failed (${(error as Error).message}); retrying`)
          due.set(id, { kind, at: Date.now() + RETRY_MS })
        }
      }
    }
    this.#arm()
  }
}
