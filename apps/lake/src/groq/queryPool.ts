import {
  type LakeError,
  queryOutOfMemory,
  queryTimedOut,
  queryWorkerFailed,
  queryWorkersBusy,
  shuttingDown,
} from '../errors.ts'
import type { SanityDocument } from '../store/types.ts'
import { acquireThread, parkThread, type QueryThread } from './queryThreads.ts'
import {
  type DatasetAt,
  fromWire,
  type JobAnswers,
  type JobReply,
  type JobRequest,
  type ReplicaChange,
  type WorkerMessage,
} from './workerProtocol.ts'

/** A dataset as the pool replicates it into workers: a stable key, its revision, its documents. */
export interface ReplicaSource {
  readonly key: string
  readonly revision: number
  documents(): Iterable<SanityDocument>
}

export interface QueryPoolOptions {
  /** Workers kept warm (`LAKE_QUERY_WORKERS`). */
  size: number
  /**
   * A job that has run this long is answered with an error and its worker terminated; one that
   * waited this long for a worker gets a 503 (`LAKE_QUERY_TIMEOUT_MS`).
   */
  timeoutMs: number
}

/** What a job runs on: a dataset's replica at the revision of dispatch, or nothing but its input. */
type JobTarget =
  | { source: ReplicaSource; build: (at: DatasetAt) => JobRequest }
  | { source?: undefined; build: () => JobRequest }

interface PendingJob {
  target: JobTarget
  /** Who asked (a token's identity, or an anonymous caller's address); undefined for the lake's own jobs. */
  caller: string | undefined
  enqueuedAt: number
  /** Runs out the wait for a worker, then the job's own time once it runs. */
  timer: NodeJS.Timeout
  /** The dataset a worker is loading before it runs this job; the job's clock starts after. */
  loading?: string | undefined
  resolve(answer: { value: unknown; revision: number | undefined }): void
  reject(error: LakeError): void
  id?: number
  revision?: number
  worker?: PoolWorker
}

interface PoolWorker {
  thread: QueryThread
  /** The revision of each dataset this worker's replica is at, as far as this thread has sent. */
  fed: Map<string, number>
  job: PendingJob | undefined
  retireTimer: NodeJS.Timeout | undefined
  dead: boolean
}

// A job that waited this long for a busy pool gets a worker of its own: whatever keeps the warm
// workers busy (a runaway query, until its timeout) does not hold up everyone else.
const SPILL_AFTER_MS = 100
// Workers above the warm size go once they have been idle this long.
const RETIRE_AFTER_MS = 10_000
/**
 * Runs callers' GROQ in worker threads, one job per worker at a time, each with a timeout that
 * terminates the worker (the only way to stop a synchronous evaluation) and replaces it. A new
 * worker first gets a copy of the dataset: that costs the main thread a structured clone of every
 * document (about 0.2 s per 100k bench documents), once per worker and dataset.
 *
 * Consistency: every committed change is posted to each worker that holds a replica of the
 * dataset, in commit order, and a job names the revision it expects; messages to a worker arrive
 * in order, so the worker evaluates against exactly the state the main thread had when it
 * dispatched the job. That moment lies between the request's arrival and its answer, so every
 * write acknowledged before a query arrived is visible to it.
 */
export class QueryPool {
  readonly #options: QueryPoolOptions
  readonly #maxWorkers: number
  /** Jobs one caller may have in workers at once: never every worker the pool may have. */
  readonly #perCaller: number
  readonly #workers: PoolWorker[] = []
  readonly #queue: PendingJob[] = []
  /** How many jobs each caller has in workers now. */
  readonly #running = new Map<string, number>()
  #nextId = 1
  #spillTimer: NodeJS.Timeout | undefined
  #closed = false

  constructor(options: QueryPoolOptions) {
    const size = Math.max(1, Math.floor(options.size))
    this.#options = { ...options, size }
    // Room for a few runaway queries at once beside the warm workers, and no more.
    this.#maxWorkers = size + Math.max(2, size)
    this.#perCaller = this.#maxWorkers - 1
  }

  /**
   * A caller's query. One caller's queries take at most all workers but one at a time; the rest
   * wait their turn (and their time limit) behind other callers' queries, so one caller's runaway
   * queries cannot keep everyone else waiting until they time out.
   */
  async query(
    source: ReplicaSource,
    request: Omit<Extract<JobRequest, { kind: 'query' }>, keyof DatasetAt>,
    caller?: string,
  ): Promise<JobAnswers['query']> {
    const answer = await this.#submit({ source, build: (at) => ({ ...request, ...at }) }, caller)
    return answer.value as JobAnswers['query']
  }

  /**
   * The ids a patch or delete query selects, over the dataset with `pending` (its transaction's
   * earlier changes) laid on top, and the revision of the dataset it was selected at.
   */
  async select(
    source: ReplicaSource,
    query: string,
    params: Record<string, unknown>,
    pending: ReplicaChange[] = [],
    caller?: string,
  ): Promise<{ ids: string[]; revision: number }> {
    const answer = await this.#submit(
      { source, build: (at) => ({ kind: 'select', query, params, pending, ...at }) },
      caller,
    )
    return { ids: answer.value as JobAnswers['select'], revision: answer.revision as number }
  }

  /** How many jobs are in workers and how many wait for one, now: for diagnostics and tests. */
  get load(): { running: number; waiting: number } {
    return { running: this.#workers.filter((worker) => worker.job).length, waiting: this.#queue.length }
  }

  /** Whether each document matches a listener's filter. */
  async match(
    query: string,
    params: Record<string, unknown>,
    documents: SanityDocument[],
  ): Promise<boolean[]> {
    const answer = await this.#submit({ build: () => ({ kind: 'match', query, params, documents }) })
    return answer.value as JobAnswers['match']
  }

  /** Parses a query (a listener's filter) to refuse bad GROQ before anything depends on it. */
  async parse(query: string, params: Record<string, unknown>): Promise<void> {
    await this.#submit({ build: () => ({ kind: 'parse', query, params }) })
  }

  /** Feeds a commit to every replica of the dataset; a replica that missed one is dropped and reloaded later. */
  published(source: ReplicaSource, fromRevision: number, changes: ReplicaChange[]): void {
    const revision = source.revision
    for (const worker of this.#workers) {
      const fed = worker.fed.get(source.key)
      if (fed === undefined) continue
      if (fed === fromRevision) {
        this.#post(worker, { kind: 'apply', dataset: source.key, revision, changes })
        worker.fed.set(source.key, revision)
      } else {
        this.#post(worker, { kind: 'forget', dataset: source.key })
        worker.fed.delete(source.key)
      }
    }
  }

  /** Drops a closed dataset's replicas. */
  forget(key: string): void {
    for (const worker of this.#workers) {
      if (worker.fed.delete(key)) this.#post(worker, { kind: 'forget', dataset: key })
    }
  }

  /** Stops every job; idle threads, their replicas dropped, are parked for a later pool. */
  close(): void {
    this.#closed = true
    clearTimeout(this.#spillTimer)
    const stopping = shuttingDown()
    for (const job of this.#queue.splice(0)) this.#settle(job, stopping)
    for (const worker of [...this.#workers]) {
      if (worker.job) {
        this.#settle(worker.job, stopping)
        this.#kill(worker)
        continue
      }
      for (const dataset of worker.fed.keys()) this.#post(worker, { kind: 'forget', dataset })
      worker.dead = true
      clearTimeout(worker.retireTimer)
      parkThread(worker.thread)
    }
    this.#workers.length = 0
  }

  #submit(target: JobTarget, caller?: string): Promise<{ value: unknown; revision: number | undefined }> {
    if (this.#closed) return Promise.reject(shuttingDown())
    return new Promise((resolve, reject) => {
      const job: PendingJob = {
        target,
        caller,
        enqueuedAt: performance.now(),
        resolve,
        reject,
        timer: setTimeout(() => this.#waitedTooLong(job), this.#options.timeoutMs),
      }
      job.timer.unref()
      this.#queue.push(job)
      this.#pump()
    })
  }

  #pump(): void {
    for (;;) {
      // The oldest job whose caller may run one more; the others keep their places.
      const next = this.#queue.findIndex((job) => this.#mayRun(job))
      const waiting = this.#queue[next]
      if (!waiting) return
      const worker = this.#workers.find((candidate) => !candidate.job) ?? this.#spawnFor(waiting)
      if (!worker) {
        this.#scheduleSpill(waiting)
        return
      }
      this.#queue.splice(next, 1)
      this.#dispatch(worker, waiting)
    }
  }

  #mayRun(job: PendingJob): boolean {
    return job.caller === undefined || (this.#running.get(job.caller) ?? 0) < this.#perCaller
  }

  #spawnFor(waiting: PendingJob | undefined): PoolWorker | undefined {
    const count = this.#workers.length
    if (count < this.#options.size) return this.#spawn()
    const waited = waiting ? performance.now() - waiting.enqueuedAt : 0
    if (count < this.#maxWorkers && waited >= SPILL_AFTER_MS) return this.#spawn()
    return undefined
  }

  #scheduleSpill(oldest: PendingJob): void {
    if (this.#spillTimer || this.#workers.length >= this.#maxWorkers) return
    const wait = Math.max(0, SPILL_AFTER_MS - (performance.now() - oldest.enqueuedAt))
    this.#spillTimer = setTimeout(() => {
      this.#spillTimer = undefined
      this.#pump()
    }, wait)
    this.#spillTimer.unref()
  }

  #dispatch(worker: PoolWorker, job: PendingJob): void {
    clearTimeout(worker.retireTimer)
    worker.retireTimer = undefined
    worker.job = job
    job.worker = worker
    job.id = this.#nextId++
    if (job.caller !== undefined) this.#running.set(job.caller, (this.#running.get(job.caller) ?? 0) + 1)
    clearTimeout(job.timer)
    const { target } = job
    const request = target.source ? target.build(this.#replicate(worker, job, target.source)) : target.build()
    this.#post(worker, { ...request, id: job.id })
    if (!job.loading) this.#startClock(job)
  }

  /** Makes sure the worker's replica is at the source's current revision, and says which that is. */
  #replicate(worker: PoolWorker, job: PendingJob, source: ReplicaSource): DatasetAt {
    const at = { dataset: source.key, revision: source.revision }
    if (worker.fed.get(at.dataset) !== at.revision) {
      this.#post(worker, { kind: 'load', ...at, documents: [...source.documents()] })
      worker.fed.set(at.dataset, at.revision)
      job.loading = at.dataset
    }
    job.revision = at.revision
    return at
  }

  #startClock(job: PendingJob): void {
    job.timer = setTimeout(() => this.#ranTooLong(job), this.#options.timeoutMs)
    job.timer.unref()
  }

  #post(worker: PoolWorker, message: WorkerMessage): void {
    worker.thread.post(message)
  }

  #spawn(): PoolWorker {
    const worker: PoolWorker = {
      thread: acquireThread({
        reply: (reply) =>
          'loaded' in reply ? this.#loaded(worker, reply.loaded) : this.#answered(worker, reply),
        failed: (error) => this.#died(worker, error),
      }),
      fed: new Map(),
      job: undefined,
      retireTimer: undefined,
      dead: false,
    }
    this.#workers.push(worker)
    return worker
  }

  #loaded(worker: PoolWorker, dataset: string): void {
    const job = worker.job
    if (!job || job.loading !== dataset) return
    job.loading = undefined
    this.#startClock(job)
  }

  #answered(worker: PoolWorker, reply: JobReply): void {
    const job = worker.job
    if (!job || job.id !== reply.id) return
    worker.job = undefined
    if (reply.ok) this.#settle(job, undefined, reply.value)
    else this.#settle(job, fromWire(reply.error))
    this.#idle(worker)
    this.#pump()
  }

  #idle(worker: PoolWorker): void {
    if (this.#workers.length <= this.#options.size) return
    worker.retireTimer = setTimeout(() => {
      if (!worker.job && this.#workers.length > this.#options.size) this.#kill(worker)
    }, RETIRE_AFTER_MS)
    worker.retireTimer.unref()
  }

  #waitedTooLong(job: PendingJob): void {
    const queued = this.#queue.indexOf(job)
    if (queued >= 0) this.#queue.splice(queued, 1)
    this.#settle(job, queryWorkersBusy())
  }

  #ranTooLong(job: PendingJob): void {
    this.#settle(job, queryTimedOut(this.#options.timeoutMs))
    if (job.worker?.job === job) this.#replace(job.worker)
  }

  #died(worker: PoolWorker, error: Error & { code?: string }): void {
    if (worker.dead) return
    const job = worker.job
    if (job) {
      const failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? queryOutOfMemory() : queryWorkerFailed(error.message)
      this.#settle(job, failure)
    }
    if (!this.#closed) this.#replace(worker)
  }

  /** Stops a worker (mid-evaluation, if need be) and keeps the warm workers at full strength. */
  #replace(worker: PoolWorker): void {
    this.#kill(worker)
    if (this.#workers.length < this.#options.size) this.#spawn()
    this.#pump()
  }

  #kill(worker: PoolWorker): void {
    worker.dead = true
    worker.job = undefined
    clearTimeout(worker.retireTimer)
    const index = this.#workers.indexOf(worker)
    if (index >= 0) this.#workers.splice(index, 1)
    worker.thread.terminate()
  }

  #settle(job: PendingJob, error: LakeError | undefined, value?: unknown): void {
    clearTimeout(job.timer)
    if (job.worker && job.caller !== undefined) {
      const running = (this.#running.get(job.caller) ?? 1) - 1
      if (running > 0) this.#running.set(job.caller, running)
      else this.#running.delete(job.caller)
    }
    if (error) job.reject(error)
    else job.resolve({ value, revision: job.revision })
  }
}
