import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { hasManifest, readManifest } from './manifest.ts'
import { noBackupAt, noCompleteBackup, partialBackup } from './refusals.ts'

/**
 * Backups live in a folder, one subfolder each, named for when they were taken
 * (`lake-backup-2026-05-01T06-00-00.000Z`). A backup is written under the same name plus
 * `.<pid>.partial` and renamed to its name once complete, so a folder named `*.partial` (with no
 * manifest) is one whose writer stopped, and never replaces or touches an earlier backup.
 */
export const SCHEDULED_PREFIX = 'lake-backup-'
/** Taken before a data dir upgrade; kept apart from the scheduled ones so retention never removes it. */
export const UPGRADE_PREFIX = 'lake-before-upgrade-'
const PARTIAL = /\.(\d+)\.partial$/

export function backupName(prefix: string, at: Date): string {
  return `${prefix}${at.toISOString().replaceAll(':', '-')}`
}

export function partialName(name: string): string {
  return `${name}.${process.pid}.partial`
}

export interface StoredBackup {
  name: string
  path: string
  createdAt: Date
}

/** The complete backups in a folder, newest first. */
export function completeBackups(folder: string): StoredBackup[] {
  if (!existsSync(folder)) return []
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !PARTIAL.test(entry.name))
    .map((entry) => join(folder, entry.name))
    .filter(hasManifest)
    .flatMap((path) => {
      const createdAt = takenAt(path)
      return createdAt ? [{ name: basename(path), path, createdAt }] : []
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
}

const NAMED_TIME = /(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2}\.\d{3}Z)$/

/**
 * When a backup was taken: from its name when the lake named it (no manifest to parse for each
 * of many backups), else from its manifest; undefined for one whose manifest cannot be read,
 * which restore refuses anyway.
 */
function takenAt(path: string): Date | undefined {
  const named = NAMED_TIME.exec(basename(path))
  if (named) return new Date(`${named[1]}:${named[2]}:${named[3]}`)
  try {
    return new Date(readManifest(path).createdAt)
  } catch {
    return undefined
  }
}

function partials(folder: string): string[] {
  return readdirSync(folder).filter((name) => PARTIAL.test(name))
}

/**
 * The backup a path names: a backup folder itself, or, for a folder of backups, its newest
 * complete one. A partial backup is refused, saying what it is.
 */
export function resolveBackup(path: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw noBackupAt(path)
  if (hasManifest(path)) return path
  if (PARTIAL.test(basename(path)) || existsSync(join(path, 'data'))) throw partialBackup(path)
  const [newest] = completeBackups(path)
  if (newest) return newest.path
  const left = partials(path)
  if (left.length === 0 && readdirSync(path).length > 0) throw noBackupAt(path)
  throw noCompleteBackup(path, left)
}

/** Partial backups whose writer is gone (killed, or the machine stopped): nothing will finish them. */
export function removeAbandonedPartials(folder: string, log: (line: string) => void): void {
  if (!existsSync(folder)) return
  for (const name of partials(folder)) {
    const pid = Number(PARTIAL.exec(name)?.[1])
    if (isRunning(pid)) continue
    rmSync(join(folder, name), { recursive: true, force: true })
    log(`lake: removed ${join(folder, name)}, a partial backup whose writer (pid ${pid}) stopped`)
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
