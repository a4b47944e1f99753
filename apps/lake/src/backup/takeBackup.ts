import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DatasetRegistry } from '../store/datasetRegistry.ts'
import { datasetPath } from '../store/sqliteStorage.ts'
import { backupName, partialName, removeAbandonedPartials, SCHEDULED_PREFIX } from './backupFolder.ts'
import { type DataDirEntry, dataDirEntries } from './dataDirFiles.ts'
import { readableDataDirFormat } from './dataDirFormat.ts'
import { backupBytes } from './describeBackup.ts'
import { copyHashed, hashFile, Pace, syncPath } from './fileCopy.ts'
import {
  type BackupManifest,
  DATA_FOLDER,
  type ManifestDataset,
  type ManifestFile,
  newManifest,
  writeManifest,
} from './manifest.ts'
import { datasetsChangedDuringBackup, nothingToBackUp } from './refusals.ts'
import { lastTransaction, snapshotDatabase, tableCounts } from './sqliteFiles.ts'

export interface BackupOptions {
  /** Folder-name prefix: scheduled and by hand, or before an upgrade. */
  prefix?: string
  /** Bytes per second for copying files (the databases' snapshots are not paced). */
  maxBytesPerSecond?: number
  log?: (line: string) => void
  /** Stops the backup between two files (the lake is stopping); its partial folder is removed. */
  signal?: AbortSignal
}

export interface BackupResult {
  path: string
  manifest: BackupManifest
  /** Bytes of data in the backup (the manifest aside). */
  bytes: number
  seconds: number
}

const ATTEMPTS = 3
const REGISTRY = 'datasets.json'

/**
 * Backs up a data dir, served or not, into a new subfolder of `folder`: every database through
 * SQLite's online backup, every other file byte for byte, then the manifest, then one rename
 * that makes it complete. A backup stopped at any point leaves a `*.partial` folder and no
 * change to earlier backups; one that fails removes its partial folder.
 */
export async function takeBackup(
  dataDir: string,
  folder: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const started = performance.now()
  const format = readableDataDirFormat(dataDir)
  if (format === 'empty') throw nothingToBackUp(dataDir)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  removeAbandonedPartials(folder, options.log ?? (() => {}))
  const createdAt = new Date()
  const name = backupName(options.prefix ?? SCHEDULED_PREFIX, createdAt)
  const partial = join(folder, partialName(name))
  try {
    const manifest = newManifest(format, createdAt)
    Object.assign(manifest, await copyConsistently(dataDir, partial, folder, options))
    manifest.completedAt = new Date().toISOString()
    writeManifest(partial, manifest)
    syncPath(partial)
    const path = join(folder, name)
    renameSync(partial, path)
    syncPath(folder)
    const bytes = backupBytes(manifest)
    return { path, manifest, bytes, seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    throw error
  }
}

/**
 * The copy, taken again if datasets were created or deleted meanwhile: the registry must read
 * the same before and after, or it could name a dataset whose database the copy lacks.
 */
async function copyConsistently(
  dataDir: string,
  partial: string,
  folder: string,
  options: BackupOptions,
): Promise<Pick<BackupManifest, 'files' | 'datasets'>> {
  const registry = join(dataDir, REGISTRY)
  const read = () => (existsSync(registry) ? readFileSync(registry, 'utf8') : '')
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    rmSync(partial, { recursive: true, force: true })
    mkdirSync(join(partial, DATA_FOLDER), { recursive: true, mode: 0o700 })
    const before = read()
    const files = await copyEntries(dataDir, partial, folder, options)
    if (read() === before) return { files, datasets: datasetsOf(dataDir, join(partial, DATA_FOLDER), files) }
  }
  throw datasetsChangedDuringBackup(ATTEMPTS)
}

/**
 * Databases first, then files: asset files are only ever added, so every asset a copied
 * document names is among the files. Datasets go last among the databases, so a webhook
 * cursor copied before them never points past its dataset's copied log.
 */
async function copyEntries(
  dataDir: string,
  partial: string,
  folder: string,
  options: BackupOptions,
): Promise<ManifestFile[]> {
  const entries = dataDirEntries(dataDir, [folder])
  const pace = options.maxBytesPerSecond ? new Pace(options.maxBytesPerSecond) : undefined
  const copied: ManifestFile[] = []
  for (const entry of entries.filter((entry) => entry.kind === 'sqlite').sort(datasetsLast)) {
    options.signal?.throwIfAborted()
    const target = join(partial, DATA_FOLDER, entry.path)
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
    try {
      await snapshotDatabase(entry.absolute, target)
    } catch (error) {
      // Deleted since the listing (a dataset deleted): the registry changed too, so the copy starts over.
      if (!existsSync(entry.absolute)) continue
      throw error
    }
    copied.push({ ...describe(entry), ...(await hashFile(target)), tables: tableCounts(target) })
  }
  for (const entry of entries.filter((entry) => entry.kind === 'file')) {
    options.signal?.throwIfAborted()
    const digest = await copyHashed(entry.absolute, join(partial, DATA_FOLDER, entry.path), entry.mode, pace)
    copied.push({ ...describe(entry), ...digest })
  }
  return copied.sort((a, b) => a.path.localeCompare(b.path))
}

const isDataset = (entry: DataDirEntry) => entry.path.startsWith('datasets/')
const datasetsLast = (a: DataDirEntry, b: DataDirEntry) => Number(isDataset(a)) - Number(isDataset(b))

function describe(entry: DataDirEntry): Pick<ManifestFile, 'path' | 'kind' | 'mode'> {
  return { path: entry.path, kind: entry.kind, mode: entry.mode }
}

/** Each registered dataset, with the last transaction of its copy (not of the live file, which moved on). */
function datasetsOf(dataDir: string, copy: string, files: ManifestFile[]): ManifestDataset[] {
  const registry = new DatasetRegistry(dataDir, join(dataDir, 'datasets'))
  return registry.list().map(({ name }) => {
    const file = files.find((candidate) => candidate.path === datasetPath(name))
    return {
      name,
      database: file ? file.path : null,
      documents: file?.tables?.documents ?? 0,
      transactions: file?.tables?.transactions ?? 0,
      lastTransaction: file ? lastTransaction(join(copy, file.path)) : null,
    }
  })
}
