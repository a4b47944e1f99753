import { siblingModule } from '../files/siblingModule.ts'
import type { Lake } from '../lake.ts'
import { runInChild } from '../runInChild.ts'
import { prepareFirstStart } from './seedIfEmpty.ts'

/**
 * `prepareFirstStart`, with the seeding done in a child process (seed/firstStartProcess.ts).
 * Seeding decodes every photo of the story with sharp; in the lake's own process that left some
 * 60 MB the allocator never gave back, for as long as the lake ran. The child writes the dataset
 * and the registry and exits; the lake then reads the registry again. A lake on storage no other
 * process sees (memory, in tests) seeds in its own process.
 */
export async function prepareFirstStartApart(lake: Lake, log: (line: string) => void): Promise<void> {
  const { seed, seedDataset } = lake.config
  if (!seed || !seedDataset || lake.registry.initialized || !lake.storageShared)
    return prepareFirstStart(lake, log)
  try {
    await runInChild(
      siblingModule(import.meta.url, 'firstStartProcess'),
      { config: lake.config, publicOrigin: lake.publicOrigin },
      log,
    )
  } catch (error) {
    throw new Error(`lake: seeding the first dataset failed: ${(error as Error).message}`)
  }
  lake.registry.reload()
}
