import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new, never a
 * torn or empty file: write a temp file beside it, fsync it, rename it over the target, fsync
 * the directory so the rename itself is durable.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o600): void {
  const temp = tempBeside(file)
  try {
    syncedFile(
      temp,
      'w',
      (fd) => writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content),
      mode,
    )
    renameInto(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/**
 * The same guarantee for content another writer streams out (a tar archive): `write` fills the
 * temp path it is given; only once it has finished is the file fsynced and renamed into place.
 */
export async function writeFileAtomicWith(
  file: string,
  write: (temp: string) => Promise<void>,
): Promise<void> {
  const temp = tempBeside(file)
  try {
    await write(temp)
    syncedFile(temp, 'r+')
    renameInto(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

function tempBeside(file: string): string {
  mkdirSync(dirname(file), { recursive: true })
  return `${file}.${process.pid}.${Date.now().toString(36)}.tmp`
}

/** Opens a file (or a directory, with 'r'), lets `write` fill it, and fsyncs it before closing. */
function syncedFile(
  path: string,
  flags: string,
  write: (fd: number) => void = () => {},
  mode?: number,
): void {
  const fd = openSync(path, flags, mode)
  try {
    write(fd)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Renames the finished temp file over the target and makes the rename itself durable. */
function renameInto(temp: string, file: string): void {
  renameSync(temp, file)
  syncedFile(dirname(file), 'r')
}
