import { join } from 'node:path'
import type { LakeConfig } from './config.ts'
import { badRequest } from './http/errors.ts'
import { Dataset } from './store/dataset.ts'
import { SqliteStorage } from './store/sqliteStorage.ts'

const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** The lake's state: its configuration and its datasets, each opened on first use. */
export class Lake {
  readonly config: LakeConfig
  readonly #datasets = new Map<string, Dataset>()

  constructor(config: LakeConfig) {
    this.config = config
  }

  dataset(name: string): Dataset {
    const open = this.#datasets.get(name)
    if (open) return open
    if (!DATASET_NAME.test(name)) {
      throw badRequest(`Invalid dataset name "${name}": use lowercase letters, digits, "_" and "-"`)
    }
    const dataset = new Dataset(name, new SqliteStorage(this.datasetFile(name)))
    this.#datasets.set(name, dataset)
    return dataset
  }

  datasetFile(name: string): string {
    return join(this.config.dataDir, 'datasets', `${name}.sqlite`)
  }

  get assetsDir(): string {
    return join(this.config.dataDir, 'assets')
  }

  close(): void {
    for (const dataset of this.#datasets.values()) dataset.storage.close()
    this.#datasets.clear()
  }
}
