import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../files/atomicWrite.ts'
import { backupFormatTooNew, tornManifest } from './refusals.ts'
import type { TransactionPoint } from './sqliteFiles.ts'

/** The layout of a backup folder and its manifest. Bump it when an older lake would misread a new backup. */
export const BACKUP_FORMAT = 1
const KIND = 'slideshow-lake-backup'

export const MANIFEST_FILE = 'manifest.json'
/** The data dir's files sit under this folder of a backup, as they sat in the data dir. */
export const DATA_FOLDER = 'data'

export interface ManifestFile {
  /** Relative to the data dir (and to the backup's `data/` folder). */
  path: string
  kind: 'sqlite' | 'file'
  bytes: number
  sha256: string
  mode: number
  /** Rows per table, for databases. */
  tables?: Record<string, number>
}

export interface ManifestDataset {
  name: string
  /** Its database in `files`; null for a dataset registered before anything was ever written to it. */
  database: string | null
  documents: number
  transactions: number
  /** The point this backup holds the dataset at: every transaction up to it, none after. */
  lastTransaction: TransactionPoint | null
}

/**
 * What a backup holds, written last: a backup folder without it is partial. It lists every file
 * with its checksum, the data dir's format, and for each dataset the last transaction it holds.
 */
export interface BackupManifest {
  kind: typeof KIND
  backupFormat: number
  /** The format of the data dir it was taken from (0: from before data dirs had a format file). */
  dataDirFormat: number
  /** When the backup started and when it was complete. */
  createdAt: string
  completedAt: string
  datasets: ManifestDataset[]
  files: ManifestFile[]
}

export function newManifest(dataDirFormat: number, createdAt: Date): BackupManifest {
  return {
    kind: KIND,
    backupFormat: BACKUP_FORMAT,
    dataDirFormat,
    createdAt: createdAt.toISOString(),
    completedAt: '',
    datasets: [],
    files: [],
  }
}

export function writeManifest(backupDir: string, manifest: BackupManifest): void {
  writeFileAtomic(join(backupDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
}

export function hasManifest(backupDir: string): boolean {
  return existsSync(join(backupDir, MANIFEST_FILE))
}

/** The manifest of a backup folder, refused when torn, not a lake backup's, or newer than this lake reads. */
export function readManifest(backupDir: string): BackupManifest {
  let parsed: Partial<BackupManifest>
  try {
    parsed = JSON.parse(readFileSync(join(backupDir, MANIFEST_FILE), 'utf8')) as Partial<BackupManifest>
  } catch (error) {
    throw tornManifest(backupDir, (error as Error).message)
  }
  if (parsed?.kind !== KIND) throw tornManifest(backupDir, `its kind is not "${KIND}"`)
  if (!Number.isInteger(parsed.backupFormat) || !Number.isInteger(parsed.dataDirFormat))
    throw tornManifest(backupDir, 'it has no backupFormat or dataDirFormat')
  if ((parsed.backupFormat as number) > BACKUP_FORMAT)
    throw backupFormatTooNew(backupDir, parsed.backupFormat as number, BACKUP_FORMAT)
  if (!Array.isArray(parsed.files) || !Array.isArray(parsed.datasets) || !parsed.completedAt)
    throw tornManifest(backupDir, 'its file or dataset list is missing')
  for (const file of parsed.files) {
    if (typeof file?.path !== 'string' || file.path.split('/').some((part) => part === '..' || part === ''))
      throw tornManifest(backupDir, `it lists a file outside the backup (${JSON.stringify(file?.path)})`)
  }
  return parsed as BackupManifest
}
