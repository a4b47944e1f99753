import { join } from 'node:path'
import { DATASET_NAME } from './assets/assetFiles.ts'
import { TokenRegistry } from './auth/tokenRegistry.ts'
import { configFile, type LakeConfig } from './config.ts'
import { badRequest } from './http/errors.ts'
import { type DataDirSecrets, ensureSecrets } from './secrets/dataDirSecrets.ts'
import { Dataset } from './store/dataset.ts'
import { SqliteStorage } from './store/sqliteStorage.ts'

/** The lake's state: its configuration and its datasets, each opened on first use. */
export class Lake {
  readonly config: LakeConfig
  readonly tokens: TokenRegistry
  /** Random per-data-dir secrets: token identity key, webhook and preview secrets. */
  readonly secrets: DataDirSecrets
  readonly #datasets = new Map<string, Dataset>()
  /**
   * Where browsers fetch asset URLs: the HTTPS port, as actually bound (the configured port may
   * be 0 in tests). Set by the server once it listens.
   */
  publicOrigin: string
  /** False until the first-start seed has been written. */
  ready = false

  constructor(config: LakeConfig, log: (line: string) => void = console.log) {
    this.config = config
    this.secrets = ensureSecrets(config.dataDir, log)
    this.tokens = new TokenRegistry(config.tokens, configFile(config.dataDir))
    this.publicOrigin = `https://localhost:${config.tlsPort}`
  }

  /** What identity resolution needs, with the tokens as they are at this moment. */
  get authConfig() {
    return { tokens: this.tokens.current(), devIdentity: this.config.devIdentity }
  }

  /** The absolute URL of an asset path such as `images/local/production/<file>`. */
  assetUrl(path: string): string {
    return `${this.publicOrigin}/${path}`
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
