import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../files/atomicWrite.ts'

export type AclMode = 'public' | 'private'

export interface DatasetInfo {
  name: string
  aclMode: AclMode
  createdAt: string
  /** Only on add-on datasets, which hold another dataset's comments and tasks; absent means content. */
  datasetProfile?: 'comments'
  /** The dataset an add-on serves. */
  addonFor?: string
}

export type AddonProfile = Required<Pick<DatasetInfo, 'datasetProfile' | 'addonFor'>>

interface RegistryFile {
  /** Set with the first dataset made on first start: a data dir is seeded once, never again after. */
  initialized: boolean
  datasets: DatasetInfo[]
}

/**
 * Which datasets exist. A dataset exists once it is written here, and only then: its SQLite file
 * is built first and registered last (an atomic rename), so a crash while it is being created or
 * seeded leaves a file that is not a dataset, removed and redone at the next start.
 */
export class DatasetRegistry {
  readonly #file: string
  #state: RegistryFile

  constructor(dataDir: string, datasetsDir: string) {
    this.#file = join(dataDir, 'datasets.json')
    this.#state = existsSync(this.#file) ? read(this.#file) : fromExistingFiles(datasetsDir)
  }

  get initialized(): boolean {
    return this.#state.initialized
  }

  get(name: string): DatasetInfo | undefined {
    return this.#state.datasets.find((info) => info.name === name)
  }

  list(): DatasetInfo[] {
    return [...this.#state.datasets]
  }

  add(info: DatasetInfo): void {
    this.#write({
      initialized: true,
      datasets: [...this.#state.datasets.filter((d) => d.name !== info.name), info],
    })
  }

  remove(name: string): void {
    this.#write({ ...this.#state, datasets: this.#state.datasets.filter((info) => info.name !== name) })
  }

  /** Takes the file as it is now: another process (the first-start seed) wrote it. */
  reload(): void {
    if (existsSync(this.#file)) this.#state = read(this.#file)
  }

  markInitialized(): void {
    if (!this.#state.initialized) this.#write({ ...this.#state, initialized: true })
  }

  #write(state: RegistryFile): void {
    writeFileAtomic(this.#file, `${JSON.stringify(state, null, 2)}\n`)
    this.#state = state
  }
}

function read(file: string): RegistryFile {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RegistryFile>
  return {
    initialized: parsed.initialized === true,
    datasets: Array.isArray(parsed.datasets) ? parsed.datasets : [],
  }
}

/**
 * A data dir from before the registry: its SQLite files are its datasets. It is not taken as
 * initialized, so a dataset left empty by the old interrupted-seed bug is seeded at this start.
 */
function fromExistingFiles(datasetsDir: string): RegistryFile {
  if (!existsSync(datasetsDir)) return { initialized: false, datasets: [] }
  const datasets = readdirSync(datasetsDir)
    .filter((file) => file.endsWith('.sqlite'))
    .map((file) => ({
      name: file.slice(0, -'.sqlite'.length),
      aclMode: 'public' as const,
      createdAt: new Date().toISOString(),
    }))
  return { initialized: false, datasets }
}
