import type { Lake } from '../lake.ts'
import { importNdjson } from '../transfer/importNdjson.ts'

/**
 * The story packages/dataset holds. Loaded when a seed needs it: the lake installed as a package
 * in another project has no packages/dataset, and seeds nothing (config.ts).
 */
async function storyPath(): Promise<string> {
  return (await import('@slideshow/dataset')).ndjsonPath
}

/**
 * First start of a data dir: creates the configured dataset, seeded from packages/dataset unless
 * seeding is off. The dataset only exists once complete (see `Lake.createDataset`), and the data
 * dir counts as initialized only then, so an interrupted first start is simply redone.
 */
export async function prepareFirstStart(
  lake: Lake,
  log: (line: string) => void = console.log,
): Promise<void> {
  const name = lake.config.seedDataset
  if (!name || lake.registry.initialized) return
  if (lake.registry.get(name)) {
    // A data dir from before the registry: keep a dataset with content, redo an empty one.
    if (lake.dataset(name).storage.size > 0) return lake.registry.markInitialized()
    lake.deleteDataset(name)
  }
  if (!lake.config.seed) {
    await lake.createDataset(name, 'public')
    return
  }
  const ndjsonPath = await storyPath()
  let count = 0
  await lake.createDataset(name, 'public', async (dataset) => {
    count = await importNdjson(lake, dataset, ndjsonPath)
  })
  log(`lake: seeded dataset "${name}" with ${count} documents from ${ndjsonPath}`)
}

/** `lake seed`: seeds the dataset when it is empty or missing; leaves one with content alone. */
export async function seedIfEmpty(lake: Lake, name: string, log: (line: string) => void = console.log) {
  const ndjsonPath = await storyPath()
  if (!lake.hasDataset(name)) {
    let count = 0
    await lake.createDataset(name, 'public', async (dataset) => {
      count = await importNdjson(lake, dataset, ndjsonPath)
    })
    return log(`lake: created and seeded dataset "${name}" with ${count} documents`)
  }
  const dataset = lake.dataset(name)
  if (dataset.storage.size > 0) return log(`lake: dataset "${name}" has content; not seeding`)
  log(`lake: seeded dataset "${name}" with ${await importNdjson(lake, dataset, ndjsonPath)} documents`)
}
