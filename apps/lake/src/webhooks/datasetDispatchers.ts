import type { Dataset } from '../store/dataset.ts'
import type { DeliveryLog } from './deliveryLog.ts'
import { WebhookDispatcher } from './dispatcher.ts'
import type { WebhookConfig } from './webhookConfig.ts'

/**
 * One dispatcher per webhook, on the dataset its webhook names as that dataset is now. A webhook
 * names a dataset, as hosted's do, not one dataset's life: it starts delivering when a dataset of
 * that name opens (at start, or made while the lake runs), stops when it is deleted, and serves
 * one made again under the name from its first change after it was made.
 */
export class DatasetDispatchers {
  readonly #webhooks: WebhookConfig[]
  readonly #log: DeliveryLog
  readonly #say: (line: string) => void
  readonly #running = new Map<string, { dataset: Dataset; dispatcher: WebhookDispatcher }>()
  readonly #stopping = new Set<Promise<void>>()

  /** `webhooks` come with their secrets resolved. */
  constructor(webhooks: WebhookConfig[], log: DeliveryLog, say: (line: string) => void) {
    this.#webhooks = webhooks
    this.#log = log
    this.#say = say
  }

  /** Starts the webhooks on `dataset` that are not already running on it. */
  follow(dataset: Dataset): void {
    for (const webhook of this.#webhooks) {
      if (webhook.dataset !== dataset.name || this.#running.get(webhook.name)?.dataset === dataset) continue
      this.#running.set(webhook.name, {
        dataset,
        dispatcher: new WebhookDispatcher(webhook, dataset, this.#log),
      })
    }
  }

  /** Stops the webhooks on the dataset named `name`, which is being deleted, before its storage closes. */
  deleted(name: string): void {
    for (const [webhook, { dataset, dispatcher }] of this.#running) {
      if (dataset.name !== name) continue
      this.#running.delete(webhook)
      this.#track(dispatcher.stop())
      this.#log.forgetCursor(webhook, name)
      this.#say(
        `lake: webhook "${webhook}": dataset "${name}" was deleted; it delivers nothing until a dataset of that name is made`,
      )
    }
  }

  /** Stops every dispatcher and waits for their requests in flight to end. */
  async stop(): Promise<void> {
    for (const { dispatcher } of this.#running.values()) this.#track(dispatcher.stop())
    this.#running.clear()
    await Promise.all(this.#stopping)
  }

  #track(stopping: Promise<void>): void {
    this.#stopping.add(stopping)
    void stopping.finally(() => this.#stopping.delete(stopping))
  }
}
