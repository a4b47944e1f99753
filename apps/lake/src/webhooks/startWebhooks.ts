import { join } from 'node:path'
import type { Lake } from '../lake.ts'
import { DatasetDispatchers } from './datasetDispatchers.ts'
import { DeliveryLog } from './deliveryLog.ts'
import { parseWebhookQuery } from './payloads.ts'

export function deliveryLogFile(dataDir: string): string {
  return join(dataDir, 'webhooks.sqlite')
}

/**
 * Starts one dispatcher per configured webhook, on its dataset as it opens, and follows datasets
 * made and deleted while the lake runs (datasetDispatchers.ts); `stop` waits for in-flight
 * requests to end. A webhook without its own secret is signed with the data dir's random
 * `revalidateSecret`, so the default one reaches a site in `next dev` (which reads that secret
 * from the data dir) signed.
 */
export function startWebhooks(
  lake: Lake,
  say: (line: string) => void = console.log,
): { stop(): Promise<void> } {
  const webhooks = lake.config.webhooks
  if (webhooks.length === 0) return { stop: async () => {} }
  for (const webhook of webhooks) {
    try {
      parseWebhookQuery(webhook)
    } catch (error) {
      throw new Error(`Webhook "${webhook.name}": invalid filter or projection: ${(error as Error).message}`)
    }
  }
  const log = new DeliveryLog(deliveryLogFile(lake.config.dataDir))
  const signed = webhooks.map((webhook) => ({
    ...webhook,
    secret: webhook.secret || lake.secrets.revalidateSecret,
  }))
  const dispatchers = new DatasetDispatchers(signed, log, say)
  const stopOpened = lake.onDatasetOpened((dataset) => dispatchers.follow(dataset))
  const stopDeleted = lake.onDatasetDeleted((name) => dispatchers.deleted(name))
  for (const webhook of webhooks) {
    // A webhook for a dataset nobody created (a typo, or one not made yet) must not stop the lake.
    if (lake.hasDataset(webhook.dataset)) dispatchers.follow(lake.dataset(webhook.dataset))
    else {
      say(
        `lake: webhook "${webhook.name}" is for dataset "${webhook.dataset}", which does not exist; it delivers nothing until a dataset of that name is made`,
      )
    }
  }
  return {
    async stop() {
      stopOpened()
      stopDeleted()
      await dispatchers.stop()
      log.close()
    },
  }
}
