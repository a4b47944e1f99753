import type { Lake } from '../lake.ts'
import { RenderQueue } from './renderQueue.ts'
import { VariantCache } from './variantCache.ts'

/** One lake's image machinery: the queue every decode and render waits in, and the variants on disk. */
export interface ImageWork {
  queue: RenderQueue
  variants: VariantCache
}

// Keyed by the lake, not global: tests run several lakes (each with its own limits) in one process.
const byLake = new WeakMap<Lake, ImageWork>()

export function imageWorkOf(lake: Lake): ImageWork {
  let work = byLake.get(lake)
  if (!work) {
    const { imageConcurrency, imageQueueLength, variantCacheBytes } = lake.config
    work = {
      queue: new RenderQueue(imageConcurrency, imageQueueLength),
      variants: new VariantCache(lake.assetsDir, variantCacheBytes),
    }
    byLake.set(lake, work)
  }
  return work
}
