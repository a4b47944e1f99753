import { existsSync } from 'node:fs'
import { ndjsonPath } from '@slideshow/dataset'
import type { Lake } from '../lake.ts'
import { importNdjson } from '../transfer/importNdjson.ts'

/** Seeds the configured dataset from packages/dataset the first time a data dir is used. */
export async function seedIfEmpty(lake: Lake, log: (line: string) => void = console.log): Promise<void> {
  const name = lake.config.seedDataset
  if (!name || existsSync(lake.datasetFile(name))) return
  const count = await importNdjson(lake, name, ndjsonPath)
  log(`lake: seeded dataset "${name}" with ${count} documents from ${ndjsonPath}`)
}
