import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../files/atomicWrite.ts'
import { normalizeOrigin } from './originCheck.ts'

/** One entry of the hosted Projects API's CORS list (`/projects/:id/cors`). */
export interface CorsEntry {
  id: number
  origin: string
  allowCredentials: boolean
  createdAt: string
  updatedAt: string | null
  deletedAt: string | null
  projectId: string
}

/**
 * The CORS allow-list: the configured origins (the Studio's and the site's, `LAKE_CORS_ORIGINS`,
 * `lake.config.json`), fixed for the process, plus the ones administrators add through the
 * Projects API, kept in `cors.json` in the data dir so they outlive a restart.
 */
export class CorsOrigins {
  readonly #configured: CorsEntry[]
  readonly #file: string
  readonly #projectId: string
  #added: CorsEntry[]
  #allowed: Set<string>

  constructor(configured: readonly string[], dataDir: string, projectId: string) {
    this.#file = join(dataDir, 'cors.json')
    this.#projectId = projectId
    this.#configured = configured.flatMap((origin, index) => {
      const normalized = normalizeOrigin(origin)
      if (!normalized) throw new Error(`LAKE_CORS_ORIGINS: "${origin}" is not an http(s) origin`)
      return [this.#entry(-(index + 1), normalized, true)]
    })
    this.#added = readAdded(this.#file)
    this.#allowed = this.#index()
  }

  get allowed(): ReadonlySet<string> {
    return this.#allowed
  }

  list(): CorsEntry[] {
    return [...this.#configured, ...this.#added]
  }

  add(origin: string, allowCredentials: boolean): CorsEntry {
    const normalized = normalizeOrigin(origin)
    if (!normalized) throw new TypeError(`"${origin}" is not an http(s) origin`)
    const existing = this.list().find((entry) => entry.origin === normalized)
    if (existing) return existing
    const id = Math.max(0, ...this.#added.map((entry) => entry.id)) + 1
    const entry = this.#entry(id, normalized, allowCredentials)
    this.#save([...this.#added, entry])
    return entry
  }

  /** Removes an origin added at run time; configured ones are changed where they are configured. */
  remove(id: number): CorsEntry | undefined {
    const entry = this.#added.find((candidate) => candidate.id === id)
    if (entry) this.#save(this.#added.filter((candidate) => candidate !== entry))
    return entry
  }

  #save(added: CorsEntry[]): void {
    writeFileAtomic(this.#file, `${JSON.stringify(added, null, 2)}\n`)
    this.#added = added
    this.#allowed = this.#index()
  }

  #index(): Set<string> {
    return new Set(this.list().map((entry) => entry.origin))
  }

  #entry(id: number, origin: string, allowCredentials: boolean): CorsEntry {
    const now = new Date().toISOString()
    return {
      id,
      origin,
      allowCredentials,
      createdAt: now,
      updatedAt: null,
      deletedAt: null,
      projectId: this.#projectId,
    }
  }
}

function readAdded(file: string): CorsEntry[] {
  if (!existsSync(file)) return []
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return Array.isArray(parsed)
      ? (parsed as CorsEntry[]).filter((entry) => normalizeOrigin(entry.origin))
      : []
  } catch (error) {
    console.error(`lake: ignoring ${file}: ${(error as Error).message}`)
    return []
  }
}
