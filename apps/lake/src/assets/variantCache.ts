import { createHash } from 'node:crypto'
import { type FileHandle, open, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { TEMPORARY_SUFFIX, writeFileAtomically } from './assetFiles.ts'
import type { ImageTransform } from './transformParams.ts'

/** Bump when rendering changes what a transform produces, so stale variants stop being served. */
const RENDERER_VERSION = 2

/** Names a variant: the source's hash and everything that shapes the output, format included. */
export function variantKey(sha1: string, transform: ImageTransform): string {
  return createHash('sha1')
    .update(`${RENDERER_VERSION}\n${sha1}\n${JSON.stringify(transform)}`)
    .digest('hex')
    .slice(0, 20)
}

/**
 * How a request got its variant: from disk (an open handle, so an eviction meanwhile cannot
 * pull the file from under the response), by rendering it, or by waiting for another's render.
 */
export type Variant =
  | { origin: 'cached'; handle: FileHandle; size: number }
  | { origin: 'rendered' | 'joined'; bytes: Buffer }

/**
 * Rendered variants on disk, at most `capBytes` of them: past that the least recently served go.
 * The index is rebuilt from the folders on first use (oldest file first, as the best guess at
 * least recently used), which also removes temporary files a crash left half-written.
 */
export class VariantCache {
  readonly #assetsDir: string
  readonly #capBytes: number
  /** Path to size in bytes; a Map keeps insertion order, so the first entry is the least recently used. */
  readonly #entries = new Map<string, number>()
  readonly #rendering = new Map<string, Promise<Buffer>>()
  #bytes = 0
  #indexed: Promise<void> | undefined

  constructor(assetsDir: string, capBytes: number) {
    this.#assetsDir = assetsDir
    this.#capBytes = capBytes
  }

  /** Bytes the cache holds on disk now. */
  async size(): Promise<number> {
    await this.#index()
    return this.#bytes
  }

  /**
   * The variant stored at `path`, else rendered by `render` and stored. Requests that arrive
   * while it renders share that one render. The answer waits for the write (a flush costs about
   * a millisecond against tens for a render), so the next request finds the variant on disk.
   */
  async variant(path: string, render: () => Promise<Buffer>): Promise<Variant> {
    const stored = await this.#open(path)
    if (stored) return { origin: 'cached', ...stored }
    const pending = this.#rendering.get(path)
    if (pending) return { origin: 'joined', bytes: await pending }
    const job = render()
      .then(async (bytes) => {
        // A variant that cannot be stored (a full disk, say) is still served; the next request renders it again.
        await this.#store(path, bytes).catch(() => {})
        return bytes
      })
      .finally(() => this.#rendering.delete(path))
    this.#rendering.set(path, job)
    return { origin: 'rendered', bytes: await job }
  }

  async #open(path: string): Promise<{ handle: FileHandle; size: number } | undefined> {
    await this.#index()
    if (!this.#entries.has(path)) return undefined
    const handle = await open(path, 'r').catch(() => undefined)
    if (!handle) {
      this.#forget(path)
      return undefined
    }
    this.#entries.delete(path)
    const { size } = await handle.stat()
    this.#entries.set(path, size)
    return { handle, size }
  }

  async #store(path: string, bytes: Buffer): Promise<void> {
    if (bytes.length > this.#capBytes) return
    await writeFileAtomically(path, bytes)
    this.#forget(path)
    this.#entries.set(path, bytes.length)
    this.#bytes += bytes.length
    await this.#evict()
  }

  #forget(path: string): void {
    const size = this.#entries.get(path)
    if (size === undefined) return
    this.#entries.delete(path)
    this.#bytes -= size
  }

  /** The bookkeeping is synchronous, so concurrent evictions never remove or count a file twice. */
  async #evict(): Promise<void> {
    const removals: Promise<void>[] = []
    for (const [path, size] of this.#entries) {
      if (this.#bytes <= this.#capBytes) break
      this.#entries.delete(path)
      this.#bytes -= size
      removals.push(rm(path, { force: true }))
    }
    await Promise.all(removals)
  }

  #index(): Promise<void> {
    this.#indexed ??= this.#scan()
    return this.#indexed
  }

  async #scan(): Promise<void> {
    const found: Array<{ path: string; size: number; mtimeMs: number }> = []
    const datasets = await readdir(this.#assetsDir).catch(() => [])
    for (const dataset of datasets) {
      const folder = join(this.#assetsDir, dataset, 'variants')
      const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
      for (const entry of entries) {
        if (!entry.isFile()) continue
        const path = join(entry.parentPath, entry.name)
        if (entry.name.endsWith(TEMPORARY_SUFFIX)) {
          await rm(path, { force: true })
          continue
        }
        const info = await stat(path).catch(() => undefined)
        if (info) found.push({ path, size: info.size, mtimeMs: info.mtimeMs })
      }
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs)
    for (const { path, size } of found) {
      this.#entries.set(path, size)
      this.#bytes += size
    }
    await this.#evict()
  }
}
