import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new, never a
 * torn or empty file: write a temp file beside it, fsync it, rename it over the target, fsync
 * the directory so the rename itself is durable.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o600): void {
  const dir = dirname(file)
  mkdirSync(dir, { recursive: true })
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`
  try {
    const fd = openSync(temp, 'w', mode)
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
  syncDirectory(dir)
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
