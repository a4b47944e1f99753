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
export function startWebhooks(
  lake: Lake,
  say: (line: string) => void = console.log,
): { stop(): Promise<void> } {
  // A webhook for a dataset nobody created (a typo, or one not made yet) must not stop the lake.
  const webhooks = lake.config.webhooks.filter((webhook) => {
    if (lake.hasDataset(webhook.dataset)) return true
    say(
      `lake: webhook "${webhook.name}" is for dataset "${webhook.dataset}", which does not exist; it delivers nothing`,
    )
    return false
  })
  if (webhooks.length === 0) return { stop: async () => {} }
  for (const webhook of webhooks) {
    try {
      parseWebhookQuery(webhook)
    } catch (error) {
      throw new Error(`Webhook "${webhook.name}": invalid filter or projection: ${(error as Error).message}`)
    }
  }
  const log = new DeliveryLog(deliveryLogFile(lake.config.dataDir))
  const dispatchers = webhooks.map(
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
