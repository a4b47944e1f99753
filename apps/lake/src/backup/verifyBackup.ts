import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RestoreResult, restoreBackup } from './restoreBackup.ts'

/**
 * Checks a backup the only way that proves it: restores it into a temporary data dir, with
 * every check a restore makes (each file's checksum, SQLite's integrity check, the manifest's
 * counts, each dataset opened as the lake opens it), then removes that copy.
 */
export async function verifyBackup(source: string, scratch: string = tmpdir()): Promise<RestoreResult> {
  const parent = mkdtempSync(join(scratch, 'lake-verify-'))
  try {
    return await restoreBackup(source, join(parent, 'data'))
  } finally {
    rmSync(parent, { recursive: true, force: true })
  }
}
