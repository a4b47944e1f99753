import { join } from 'node:path'
import type { Lake } from '../lake.ts'
import { DeliveryLog } from './deliveryLog.ts'
import { WebhookDispatcher } from './dispatcher.ts'
import { parseWebhookQuery } from './payloads.ts'

export function deliveryLogFile(dataDir: string): string {
  return join(dataDir, 'webhooks.sqlite')
}

/**
 * Starts one dispatcher per configured webhook; `stop` waits for in-flight requests to end.
 * A webhook without its own secret is signed with the data dir's random `revalidateSecret`, so the
 * default one reaches a site in `next dev` (which reads that secret from the data dir) signed.
 */
export function startWebhooks(lake: Lake): { stop(): Promise<void> } {
  if (lake.config.webhooks.length === 0) return { stop: async () => {} }
  for (const webhook of lake.config.webhooks) {
    try {
      parseWebhookQuery(webhook)
    } catch (error) {
      throw new Error(`Webhook "${webhook.name}": invalid filter or projection: ${(error as Error).message}`)
    }
  }
  const log = new DeliveryLog(deliveryLogFile(lake.config.dataDir))
  const dispatchers = lake.config.webhooks.map(
    (webhook) =>
      new WebhookDispatcher(
        { ...webhook, secret: webhook.secret || lake.secrets.revalidateSecret },
        lake.dataset(webhook.dataset),
        log,
      ),
  )
  return {
    async stop() {
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()))
      log.close()
    },
  }
}
