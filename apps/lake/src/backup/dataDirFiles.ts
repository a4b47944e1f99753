import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

/** What a backup copies: a SQLite database (through SQLite's online backup) or a file as it is. */
export interface DataDirEntry {
  /** Relative to the data dir, with `/` between folders: the same in the backup and the manifest. */
  path: string
  absolute: string
  kind: 'sqlite' | 'file'
  mode: number
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0')

/** Files SQLite keeps beside a database while it is open: the online backup reads their content. */
const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal']

/**
 * Every file a backup must hold, found by walking the data dir rather than from a list, so a
 * file a later version adds (an accounts database, a new registry) is backed up without code
 * here knowing it: a file that starts with SQLite's header is a database, anything else is
 * copied byte for byte. Left out, because they are not state: SQLite's -wal/-shm/-journal
 * (their content is in the online backup), temporary files of atomic writes (`*.tmp`), rendered
 * image variants (a cache, rendered again on demand), the data dir's own `backups/` folder,
 * `browser/` (the Chromium profile `lake browser` opens, a browser's cache and cookies) and the
 * folders in `exclude` (where this backup is being written, if inside the data dir).
 */
export function dataDirEntries(dataDir: string, exclude: string[] = []): DataDirEntry[] {
  const skipped = new Set([join(dataDir, 'backups'), join(dataDir, 'browser'), ...exclude])
  const entries: DataDirEntry[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const absolute = join(folder, entry.name)
      if (skipped.has(absolute)) continue
      const path = relative(dataDir, absolute).split(sep).join('/')
      if (entry.isDirectory()) {
        if (!isVariantCache(path)) walk(absolute)
        continue
      }
      if (!entry.isFile() || entry.name.endsWith('.tmp') || isSqliteSideFile(absolute)) continue
      const { mode } = statSync(absolute)
      entries.push({ path, absolute, kind: isSqlite(absolute) ? 'sqlite' : 'file', mode: mode & 0o777 })
    }
  }
  if (existsSync(dataDir)) walk(dataDir)
  return entries.sort((a, b) => a.path.localeCompare(b.path))
}

/** `assets/<dataset>/variants`: image renders the lake keeps as a size-capped cache. */
function isVariantCache(path: string): boolean {
  return /^assets\/[^/]+\/variants$/.test(path)
}

function isSqliteSideFile(file: string): boolean {
  const suffix = SQLITE_SIDE_FILES.find((side) => file.endsWith(side))
  return suffix !== undefined && existsSync(file.slice(0, -suffix.length))
}

function isSqlite(file: string): boolean {
  const fd = openSync(file, 'r')
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length)
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER)
  } finally {
    closeSync(fd)
  }
}
