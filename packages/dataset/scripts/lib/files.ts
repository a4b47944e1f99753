import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { Dataset } from './build.ts'

const readIfExists = async (file: string): Promise<Buffer | null> => {
  try {
    return await readFile(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

const listJpegs = async (dir: string): Promise<string[]> => {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.jpg')).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

export async function writeDataset(dataset: Dataset, ndjsonPath: string, imagesDir: string): Promise<void> {
  await mkdir(imagesDir, { recursive: true })
  await writeFile(ndjsonPath, dataset.ndjson)
  for (const [name, bytes] of dataset.images) await writeFile(path.join(imagesDir, name), bytes)
  // Images of slides or people that no longer exist would otherwise linger in the dataset.
  for (const name of await listJpegs(imagesDir)) {
    if (!dataset.images.has(name)) await rm(path.join(imagesDir, name))
  }
}

/** Human-readable differences between `dataset` and the files on disk; empty when identical. */
export async function diffAgainstDisk(
  dataset: Dataset,
  ndjsonPath: string,
  imagesDir: string,
): Promise<string[]> {
  const problems: string[] = []
  const ndjson = await readIfExists(ndjsonPath)
  if (ndjson === null) problems.push(`missing ${ndjsonPath}`)
  else if (!ndjson.equals(Buffer.from(dataset.ndjson))) problems.push(`differs: ${ndjsonPath}`)

  for (const [name, bytes] of dataset.images) {
    const file = path.join(imagesDir, name)
    const onDisk = await readIfExists(file)
    if (onDisk === null) problems.push(`missing ${file}`)
    else if (!onDisk.equals(bytes)) problems.push(`differs: ${file}`)
  }
  for (const name of await listJpegs(imagesDir)) {
    if (!dataset.images.has(name)) problems.push(`not generated (stale): ${path.join(imagesDir, name)}`)
  }
  return problems
}
