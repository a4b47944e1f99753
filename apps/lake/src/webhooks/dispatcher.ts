import { setTimeout as sleep } from 'node:timers/promises'
import { TransactionFollower } from '../events/transactionFollower.ts'
import type { Dataset } from '../store/dataset.ts'
import type { DeliveryLog } from './deliveryLog.ts'
import { type Delivery, deliveriesFor, parseWebhookQuery, type WebhookQuery } from './payloads.ts'
import { signatureHeader } from './signature.ts'
import type { WebhookConfig } from './webhookConfig.ts'

const REQUEST_TIMEOUT_MS = 10_000
const MAX_BACKOFF_MS = 60_000

type Outcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retry: boolean }

/**
 * Delivers one webhook's events for one dataset, in commit order, one request at a time, from
 * the dataset's transaction log (events/transactionFollower.ts: durable, at least once).
 * Failures are retried with exponential backoff; a delivery that keeps failing is given up and
 * logged, so a dead receiver delays only its own webhook and never blocks writes.
 */
export class WebhookDispatcher {
  readonly #webhook: WebhookConfig
  /** Its filter and projection, parsed once (startWebhooks refused the lake if they do not parse). */
  readonly #query: WebhookQuery
  readonly #dataset: Dataset
  readonly #log: DeliveryLog
  readonly #follower: TransactionFollower

  constructor(webhook: WebhookConfig, dataset: Dataset, log: DeliveryLog) {
    this.#webhook = webhook
    this.#query = parseWebhookQuery(webhook)
    this.#dataset = dataset
    this.#log = log
    this.#follower = new TransactionFollower({
      name: webhook.name,
      describe: `webhook "${webhook.name}"`,
      dataset,
      cursors: log,
      handle: async (transaction, signal) => {
        const deliveries = await deliveriesFor(webhook, this.#query, transaction)
        for (const delivery of deliveries) {
          await this.#deliverWithRetries(delivery, signal)
          if (signal.aborted) break
        }
        return deliveries.length > 0
      },
    })
  }

  get done(): Promise<void> {
    return this.#follower.done
  }

  stop(): Promise<void> {
    return this.#follower.stop()
  }

  async #deliverWithRetries(delivery: Delivery, signal: AbortSignal): Promise<void> {
    const maxAttempts = this.#webhook.maxAttempts ?? 10
    const base = this.#webhook.retryBaseMs ?? 1000
    for (let attempt = 1; attempt <= maxAttempts && !signal.aborted; attempt++) {
      const started = performance.now()
      const outcome = await this.#send(delivery, signal)
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
      await sleep(Math.min(base * 2 ** (attempt - 1), MAX_BACKOFF_MS), undefined, { signal }).catch(() => {})
    }
  }

  async #send(delivery: Delivery, signal: AbortSignal): Promise<Outcome> {
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
        signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
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
