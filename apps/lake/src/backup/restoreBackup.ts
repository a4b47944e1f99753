import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { sqliteBackend } from '../store/sqliteStorage.ts'
import { resolveBackup } from './backupFolder.ts'
import { DATA_DIR_FORMAT } from './dataDirFormat.ts'
import { copyHashed, syncPath } from './fileCopy.ts'
import { type BackupManifest, DATA_FOLDER, readManifest } from './manifest.ts'
import { type PointInTime, restoreToPoint } from './pointInTime.ts'
import { backupMismatch, dataDirTooNew, targetNotEmpty } from './refusals.ts'
import { integrityProblems, lastTransaction, tableCounts } from './sqliteFiles.ts'

export interface RestoreResult {
  /** The backup restored (a folder of backups resolves to its newest complete one). */
  backup: string
  manifest: BackupManifest
  /** Where the restore cut the datasets' logs, with `--to`. */
  point?: PointInTime
  seconds: number
}

/**
 * Restores a backup into a new or empty data dir, whole or not at all: the files are copied
 * into a sibling folder, each checked against the manifest's size and checksum as it is copied,
 * the databases checked by SQLite and against the manifest's counts, every dataset opened as
 * the lake opens it; only then is the folder renamed to the data dir. With `to` (a transaction
 * id or an ISO time) the datasets are then taken back to that point (see pointInTime.ts).
 */
export async function restoreBackup(source: string, dataDir: string, to?: string): Promise<RestoreResult> {
  const started = performance.now()
  const backup = resolveBackup(source)
  const manifest = readManifest(backup)
  if (manifest.dataDirFormat > DATA_DIR_FORMAT)
    throw dataDirTooNew(`in ${backup}`, manifest.dataDirFormat, DATA_DIR_FORMAT)
  assertEmpty(dataDir)
  const temp = `${dataDir}.restoring-${process.pid}`
  rmSync(temp, { recursive: true, force: true })
  try {
    await copyChecked(backup, manifest, temp)
    checkDatabases(backup, manifest, temp)
    const point = to === undefined ? undefined : restoreToPoint(temp, manifest, to)
    syncPath(temp)
    if (existsSync(dataDir)) rmdirSync(dataDir)
    renameSync(temp, dataDir)
    syncPath(dirname(dataDir))
    return { backup, manifest, ...(point ? { point } : {}), seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    throw error
  }
}

function assertEmpty(dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw targetNotEmpty(dataDir)
}

/** Copies every file the manifest lists, refusing a backup with a file missing, added, or not as recorded. */
async function copyChecked(backup: string, manifest: BackupManifest, temp: string): Promise<void> {
  const listed = new Set(manifest.files.map((file) => file.path))
  const present = filesUnder(join(backup, DATA_FOLDER))
  const problems = [
    ...manifest.files.filter((file) => !present.has(file.path)).map((file) => `${file.path} is missing`),
    ...[...present].filter((path) => !listed.has(path)).map((path) => `${path} is not in the manifest`),
  ]
  if (problems.length > 0) throw backupMismatch(backup, problems)
  mkdirSync(temp, { recursive: true, mode: 0o700 })
  for (const file of manifest.files) {
    const target = join(temp, file.path)
    const copied = await copyHashed(join(backup, DATA_FOLDER, file.path), target, file.mode)
    chmodSync(target, file.mode)
    if (copied.bytes !== file.bytes || copied.sha256 !== file.sha256)
      problems.push(
        `${file.path} has ${copied.bytes} bytes with checksum ${copied.sha256.slice(0, 12)}…, the manifest says ${file.bytes} bytes, ${file.sha256.slice(0, 12)}…`,
      )
  }
  if (problems.length > 0) throw backupMismatch(backup, problems)
}

function filesUnder(folder: string): Set<string> {
  if (!existsSync(folder)) return new Set()
  return new Set(
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/')),
  )
}

/**
 * SQLite's integrity check on every database, its row counts against the manifest's, and each
 * dataset opened as the lake opens it (every document parsed) at the manifest's last transaction.
 */
function checkDatabases(backup: string, manifest: BackupManifest, temp: string): void {
  const problems: string[] = []
  for (const file of manifest.files.filter((candidate) => candidate.kind === 'sqlite')) {
    const path = join(temp, file.path)
    const damage = integrityProblems(path)
    if (damage.length > 0) {
      problems.push(`${file.path} fails SQLite's integrity check: ${damage[0]}`)
      continue
    }
    const counts = tableCounts(path)
    for (const [table, count] of Object.entries(file.tables ?? {}))
      if (counts[table] !== count)
        problems.push(`${file.path} has ${counts[table]} rows in ${table}, the manifest says ${count}`)
  }
  const storage = sqliteBackend(temp)
  for (const dataset of manifest.datasets) {
    if (!dataset.database) continue
    const last = lastTransaction(join(temp, dataset.database))
    if (last?.id !== dataset.lastTransaction?.id)
      problems.push(
        `dataset "${dataset.name}" ends at transaction ${last?.id}, the manifest says ${dataset.lastTransaction?.id}`,
      )
    const opened = storage.open(dataset.name)
    if (opened.size !== dataset.documents)
      problems.push(
        `dataset "${dataset.name}" opens with ${opened.size} documents, the manifest says ${dataset.documents}`,
      )
    opened.close()
  }
  if (problems.length > 0) throw backupMismatch(backup, problems)
}
