import { Worker } from 'node:worker_threads'
import { siblingModule } from '../files/siblingModule.ts'
import type { WorkerMessage, WorkerReply } from './workerProtocol.ts'

// A runaway query that allocates stops its own worker, not the lake (the heap of a worker only).
const WORKER_HEAP_MB = 1024
const WORKER_URL = siblingModule(import.meta.url, 'queryWorker')

export interface ThreadEvents {
  reply(reply: WorkerReply): void
  failed(error: Error & { code?: string }): void
}

/**
 * A query worker thread whose events go to whichever pool holds it now. The thread's own
 * listeners stay put: removing them would stop its messages reaching this thread at all.
 */
export class QueryThread {
  readonly #worker: Worker
  #events: ThreadEvents | undefined

  constructor() {
    this.#worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } })
    // The lake's servers keep the process alive; idle query threads must not.
    this.#worker.unref()
    this.#worker.on('message', (reply: WorkerReply) => this.#events?.reply(reply))
    this.#worker.on('error', (error: Error) => this.#events?.failed(error))
    this.#worker.on('exit', () => {
      this.#events?.failed(new Error('Query worker exited'))
      unpark(this)
    })
  }

  listen(events: ThreadEvents | undefined): void {
    this.#events = events
  }

  post(message: WorkerMessage): void {
    this.#worker.postMessage(message)
  }

  terminate(): void {
    this.#events = undefined
    unpark(this)
    void this.#worker.terminate()
  }
}

// Idle threads of closed pools, kept a while for the next pool in this process (a restarted lake,
// the tests, the bench): a new thread costs a spawn, and its compiled code starts cold again.
const PARK_FOR_MS = 30_000
const parked = new Map<QueryThread, NodeJS.Timeout>()

/** A parked thread if there is one, else a new one. */
export function acquireThread(events: ThreadEvents): QueryThread {
  const [reused] = parked.keys()
  const thread = reused ?? new QueryThread()
  unpark(thread)
  thread.listen(events)
  return thread
}

/** Keeps an idle thread (holding no replicas) for a later pool, or ends it after a while. */
export function parkThread(thread: QueryThread): void {
  thread.listen(undefined)
  const expiry = setTimeout(() => thread.terminate(), PARK_FOR_MS)
  expiry.unref()
  parked.set(thread, expiry)
}

function unpark(thread: QueryThread): void {
  clearTimeout(parked.get(thread))
  parked.delete(thread)
}
