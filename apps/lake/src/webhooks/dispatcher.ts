import { setTimeout as sleep } from 'node:timers/promises'
import type { Dataset } from '../store/dataset.ts'
import type { Cursor, DeliveryLog } from './deliveryLog.ts'
import { type Delivery, deliveriesFor, parseWebhookQuery, type WebhookQuery } from './payloads.ts'
import { signatureHeader } from './signature.ts'
import type { WebhookConfig } from './webhookConfig.ts'

const BATCH = 50
const REQUEST_TIMEOUT_MS = 10_000
const MAX_BACKOFF_MS = 60_000

type Outcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retry: boolean }

/**
 * Delivers one webhook's events for one dataset, in commit order, one request at a time. It
 * follows the transaction log rather than an in-memory queue, so nothing is lost when the lake
 * stops: on restart it resumes after the last transaction it finished. Failures are retried
 * with exponential backoff; a delivery that keeps failing is given up and logged, so a dead
 * receiver delays only its own webhook and never blocks writes.
 */
export class WebhookDispatcher {
  readonly #webhook: WebhookConfig
  /** Its filter and projection, parsed once (startWebhooks refused the lake if they do not parse). */
  readonly #query: WebhookQuery
  readonly #dataset: Dataset
  readonly #log: DeliveryLog
  #stopped = false
  #wake: (() => void) | undefined
  readonly #unsubscribe: () => void
  readonly #abort = new AbortController()
  readonly done: Promise<void>

  constructor(webhook: WebhookConfig, dataset: Dataset, log: DeliveryLog) {
    this.#webhook = webhook
    this.#query = parseWebhookQuery(webhook)
    this.#dataset = dataset
    this.#log = log
    this.#placeCursor()
    this.#unsubscribe = dataset.transactions.subscribe(() => this.#wake?.())
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
   * A webhook seen for the first time starts from now: it does not replay the past. A cursor
   * into a transaction log that is no longer this dataset's (made anew by `lake reset`, or
   * deleted and created) would skip the new log's transactions until their numbers caught up, so
   * it restarts at the new log's first transaction: all of them came after the webhook.
   */
  #placeCursor(): void {
    const { name } = this.#webhook
    const { storage, name: dataset } = this.#dataset
    const cursor = this.#log.cursor(name, dataset)
    if (cursor === undefined) {
      this.#log.setCursor(name, dataset, this.#cursorAt(storage.lastSeq()))
      return
    }
    if (this.#logHolds(cursor)) return
    console.log(
      `lake: webhook "${name}": dataset "${dataset}" was made anew since its last delivery; delivering the new dataset's transactions from the first`,
    )
    this.#log.setCursor(name, dataset, { seq: 0, transactionId: null })
  }

  #cursorAt(seq: number): Cursor {
    const [entry] = seq === 0 ? [] : this.#dataset.storage.transactionsSince(seq - 1, 1)
    return { seq, transactionId: entry?.transaction.id ?? null }
  }

  #logHolds(cursor: Cursor): boolean {
    if (cursor.seq === 0) return true
    const [entry] = this.#dataset.storage.transactionsSince(cursor.seq - 1, 1)
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
        console.error(`lake: webhook "${this.#webhook.name}" failed, retrying: ${(error as Error).message}`)
        await sleep(1000, undefined, { signal: this.#abort.signal }).catch(() => {})
      }
    }
  }

  async #drain(): Promise<void> {
    const { name } = this.#webhook
    const dataset = this.#dataset.name
    while (!this.#stopped) {
      const cursor = this.#log.cursor(name, dataset)?.seq ?? 0
      const batch = this.#dataset.storage.transactionsSince(cursor, BATCH)
      if (batch.length === 0) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve
        })
        continue
      }
      // Where the cursor may move once the batch is through: past transactions that delivered
      // nothing, which need no durable mark each (a sync to disk apiece, on the lake's thread);
      // after a crash they are looked at again and again deliver nothing.
      let passed: Cursor | undefined
      for (const { seq, transaction } of batch) {
        const deliveries = await deliveriesFor(this.#webhook, this.#query, transaction)
        for (const delivery of deliveries) {
          await this.#deliverWithRetries(delivery)
          if (this.#stopped) return
        }
        // Stopped meanwhile (its dataset deleted, say): the cursor is no longer this dispatcher's.
        if (this.#stopped) return
        passed = { seq, transactionId: transaction.id }
        if (deliveries.length === 0) continue
        this.#log.setCursor(name, dataset, passed)
        passed = undefined
      }
      if (passed) this.#log.setCursor(name, dataset, passed)
    }
  }

  async #deliverWithRetries(delivery: Delivery): Promise<void> {
    const maxAttempts = this.#webhook.maxAttempts ?? 10
    const base = this.#webhook.retryBaseMs ?? 1000
    for (let attempt = 1; attempt <= maxAttempts && !this.#stopped; attempt++) {
      const started = performance.now()
      const outcome = await this.#send(delivery)
      this.#log.record({
        webhook: this.#webhook.name,
        dataset: this.#dataset.name,
        transactionId: delivery.transactionId,
        documentId: delivery.documentId,
        operation: delivery.operation,
        attempt,
        status: outcome.status,
        error: outcome.ok ? null : outcome.error,
        durationMs: Math.round(performance.now() - started),
        at: new Date().toISOString(),
      })
      if (outcome.ok || !outcome.retry) return
      await sleep(Math.min(base * 2 ** (attempt - 1), MAX_BACKOFF_MS), undefined, {
        signal: this.#abort.signal,
      }).catch(() => {})
    }
  }

  async #send(delivery: Delivery): Promise<Outcome> {
    const webhook = this.#webhook
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Sanity.io webhook delivery (local lake)',
      'idempotency-key': `${webhook.name}-${delivery.transactionId}-${delivery.documentId}`,
      'sanity-project-id': 'local',
      'sanity-dataset': this.#dataset.name,
      'sanity-transaction-id': delivery.transactionId,
      'sanity-transaction-time': delivery.timestamp,
      'sanity-document-id': delivery.documentId,
      'sanity-operation': delivery.operation,
      'sanity-webhook-id': webhook.name,
      ...webhook.headers,
    }
    if (webhook.secret) headers['sanity-webhook-signature'] = signatureHeader(delivery.body, webhook.secret)
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      })
      await response.arrayBuffer()
      if (response.ok) return { ok: true, status: response.status }
      // Like the hosted service: client errors other than timeouts and rate limits are not retried.
      const retry = response.status >= 500 || response.status === 408 || response.status === 429
      return { ok: false, status: response.status, error: `HTTP ${response.status}`, retry }
    } catch (error) {
      return { ok: false, status: null, error: (error as Error).message, retry: true }
    }
  }
}
