import type { IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { Accounts } from './accounts/accounts.ts'
import { DATASET_NAME } from './assets/assetFiles.ts'
import { type AuthConfig, callerToken } from './auth/identity.ts'
import { TokenRegistry } from './auth/tokenRegistry.ts'
import { configFile, type LakeConfig, type TokenConfig } from './config.ts'
import { badRequest, datasetExists, datasetNotFound, datasetNotReady } from './errors.ts'
import { QueryPool } from './groq/queryPool.ts'
import { CorsOrigins } from './policy/corsOrigins.ts'
import { type DataDirSecrets, ensureSecrets } from './secrets/dataDirSecrets.ts'
import { Dataset } from './store/dataset.ts'
import {
  type AclMode,
  type AddonProfile,
  type DatasetInfo,
  DatasetRegistry,
} from './store/datasetRegistry.ts'
import type { StorageBackend } from './store/types.ts'

/** The lake's state: its configuration and its datasets, each opened on first use. */
export class Lake {
  readonly config: LakeConfig
  readonly tokens: TokenRegistry
  /** People who sign in, their sessions, and robot tokens (`<data dir>/accounts.sqlite`). */
  readonly accounts: Accounts
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
  readonly registry: DatasetRegistry
  readonly cors: CorsOrigins
  readonly #creating = new Set<string>()
  readonly #cliToken: TokenConfig
  /** Worker threads where callers' GROQ runs, off the thread that serves every request. */
  readonly queries: QueryPool
  readonly #openListeners = new Set<(dataset: Dataset) => void>()
  readonly #deleteListeners = new Set<(name: string) => void>()
  /** The lake's log, for what it tells the operator while it runs. */
  readonly log: (line: string) => void
  /** Where datasets' documents live: whoever assembles the lake chooses. */
  readonly #storage: StorageBackend

  constructor(config: LakeConfig, storage: StorageBackend, log: (line: string) => void = console.log) {
    this.config = config
    this.#storage = storage
    this.log = log
    this.secrets = ensureSecrets(config.dataDir, log)
    this.#cliToken = { token: this.secrets.cliToken, role: 'administrator', name: 'Sanity CLI' }
    this.tokens = new TokenRegistry(config.tokens, configFile(config.dataDir))
    this.accounts = new Accounts(config.dataDir, config.accounts)
    this.registry = new DatasetRegistry(config.dataDir, join(config.dataDir, 'datasets'))
    this.cors = new CorsOrigins(config.corsOrigins, config.dataDir, config.projectId)
    this.publicOrigin = `https://localhost:${config.tlsPort}`
    this.queries = new QueryPool({ size: config.queryWorkers, timeoutMs: config.queryTimeoutMs })
  }

  /**
   * What identity resolution needs, with the tokens as they are at this moment: the configured
   * ones, the data dir's own token for the Sanity CLI (`npm run sanity`), and the accounts'.
   */
  get authConfig(): AuthConfig {
    return {
      tokens: [...this.tokens.current(), this.#cliToken],
      devIdentity: this.devIdentityOn,
      identityKey: this.secrets.identityKey,
      findToken: (token) => this.accounts.identify(token),
    }
  }

  /**
   * Whether loopback callers without a token act as the local administrator right now: as
   * configured, and by default only until the first account exists (then people sign in).
   */
  get devIdentityOn(): boolean {
    const mode = this.config.devIdentity
    return mode === true || (mode === 'untilAccounts' && !this.accounts.store.hasAccounts())
  }

  /**
   * Calls `end` once if the credential in `headers` (a configured token, a session or a robot
   * token) stops being accepted as it is now; returns the release for when the stream closes.
   */
  endWhenRevoked(headers: IncomingHttpHeaders, end: () => void): () => void {
    let ended = false
    const endOnce = () => {
      if (ended) return
      ended = true
      end()
    }
    const releases = [
      this.tokens.endWhenRevoked(headers, endOnce),
      this.accounts.endWhenRevoked(callerToken(headers), endOnce),
    ]
    return () => {
      for (const release of releases) release()
    }
  }

  /** Whether a child process opening the data dir sees the datasets, as it must to seed them. */
  get storageShared(): boolean {
    return this.#storage.sharedWithOtherProcesses
  }

  /** The absolute URL of an asset path such as `images/local/production/<file>`. */
  assetUrl(path: string): string {
    return `${this.publicOrigin}/${path}`
  }

  /** An existing dataset, opened on first use; 404 for names never created, 503 while one is being created. */
  dataset(name: string): Dataset {
    const open = this.#datasets.get(name)
    if (open && !this.#creating.has(name)) return open
    validDatasetName(name)
    if (this.#creating.has(name)) throw datasetNotReady(name)
    if (!this.registry.get(name)) throw datasetNotFound(name, this.config.projectId)
    const dataset = new Dataset(name, this.#storage.open(name), this.queries)
    this.#datasets.set(name, dataset)
    this.#announce(dataset)
    return dataset
  }

  /**
   * Calls `listener` with each dataset as it becomes usable (opened, or created complete), so
   * what runs beside requests (the release scheduler) follows datasets made after it started.
   */
  onDatasetOpened(listener: (dataset: Dataset) => void): () => void {
    this.#openListeners.add(listener)
    return () => this.#openListeners.delete(listener)
  }

  /** Calls `listener` with the name of each dataset as it is deleted, before its storage closes. */
  onDatasetDeleted(listener: (name: string) => void): () => void {
    this.#deleteListeners.add(listener)
    return () => this.#deleteListeners.delete(listener)
  }

  #announce(dataset: Dataset): void {
    for (const listener of this.#openListeners) listener(dataset)
  }

  hasDataset(name: string): boolean {
    return this.registry.get(name) !== undefined && !this.#creating.has(name)
  }

  /**
   * Creates a dataset, filled by `populate` before anyone can see it: the file is built first and
   * the dataset registered last, so it appears complete or not at all, even across a crash.
   * `addon` makes it another dataset's add-on (comments and tasks).
   */
  async createDataset(
    name: string,
    aclMode: AclMode,
    populate: (dataset: Dataset) => Promise<void> = async () => {},
    addon?: AddonProfile,
  ): Promise<DatasetInfo> {
    validDatasetName(name)
    if (this.registry.get(name) || this.#creating.has(name)) throw datasetExists(name)
    this.#creating.add(name)
    this.#storage.remove(name)
    const dataset = new Dataset(name, this.#storage.open(name), this.queries)
    this.#datasets.set(name, dataset)
    let info: DatasetInfo
    try {
      await populate(dataset)
      info = { name, aclMode, createdAt: new Date().toISOString(), ...addon }
      this.registry.add(info)
    } catch (error) {
      this.#closeDataset(name)
      this.#storage.remove(name)
      throw error
    } finally {
      this.#creating.delete(name)
    }
    this.#announce(dataset)
    return info
  }

  /**
   * Deletes a dataset with the add-on datasets that serve it (its comments and tasks): an add-on
   * is its dataset's, and one left behind would hand the old comments to a dataset made again
   * under the same name.
   */
  deleteDataset(name: string): void {
    validDatasetName(name)
    if (!this.registry.get(name)) throw datasetNotFound(name, this.config.projectId)
    const addons = this.registry.list().filter((info) => info.addonFor === name)
    for (const doomed of [...addons.map((info) => info.name), name]) {
      this.registry.remove(doomed)
      for (const listener of this.#deleteListeners) listener(doomed)
      this.#closeDataset(doomed)
      this.#storage.remove(doomed)
    }
  }

  #closeDataset(name: string): void {
    this.#datasets.get(name)?.close()
    this.#datasets.delete(name)
  }

  get assetsDir(): string {
    return join(this.config.dataDir, 'assets')
  }

  close(): void {
    this.accounts.close()
    this.queries.close()
    for (const dataset of this.#datasets.values()) dataset.close()
    this.#datasets.clear()
  }
}

function validDatasetName(name: string): void {
  if (!DATASET_NAME.test(name)) {
    throw badRequest(`Invalid dataset name "${name}": use lowercase letters, digits, "_" and "-"`)
  }
}
