import { randomBytes } from 'node:crypto'
import { access, mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** Dataset names as the lake accepts them; they become folder names, so nothing else may pass. */
export const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** `<sha1>-<w>x<h>.<ext>` for images, `<sha1>.<ext>` for files: nothing a caller can steer outside. */
export const IMAGE_FILE_NAME = /^([a-f0-9]{40})-(\d{1,5})x(\d{1,5})\.([a-z0-9]{2,5})$/
export const FILE_FILE_NAME = /^([a-f0-9]{40})\.([a-z0-9]{1,10})$/

/** Where an asset's bytes live: under the data dir, keyed by dataset and content hash only. */
export function assetFilePath(
  assetsDir: string,
  dataset: string,
  kind: 'images' | 'files',
  fileName: string,
): string {
  return join(assetsDir, dataset, kind, fileName)
}

/** Rendered image variants sit in one folder per source, so a source's variants can go with it. */
export function variantFilePath(
  assetsDir: string,
  dataset: string,
  sha1: string,
  variantName: string,
): string {
  return join(assetsDir, dataset, 'variants', sha1, variantName)
}

export async function fileExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

/** The suffix of a file being written; one left behind by a crash is never served, only removed. */
export const TEMPORARY_SUFFIX = '.tmp'

/**
 * Writes under a unique temporary name, flushes it, then renames: readers never see half a file,
 * two requests storing the same content at once cannot interleave their bytes, and a name that
 * exists after a power cut holds complete bytes (without the flush, the rename can reach the
 * disk before the data). `durable` also flushes the folder, so the name itself survives: for
 * originals that a committed document points at, not for variants that can be rendered again.
 */
export async function writeFileAtomically(
  path: string,
  bytes: Uint8Array,
  { durable = false } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`
  try {
    const handle = await open(temporary, 'w')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  if (durable) await syncFolder(dirname(path))
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Stores content-addressed bytes unless they are already there (same name, same content). */
export async function storeAssetBytes(path: string, bytes: Uint8Array): Promise<void> {
  if (!(await fileExists(path))) await writeFileAtomically(path, bytes, { durable: true })
}
