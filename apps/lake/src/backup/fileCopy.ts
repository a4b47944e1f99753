import { createHash } from 'node:crypto'
import { closeSync, createReadStream, createWriteStream, fsyncSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Read in large chunks: a backup beside a busy lake gets one turn of the event loop per chunk,
 * and with 64 KiB chunks a 12 MB database took seconds of turns behind the lake's commits.
 */
const CHUNK_BYTES = 1024 * 1024

export interface FileDigest {
  bytes: number
  sha256: string
}

/**
 * Keeps copying under a byte rate (`--max-rate`), so a backup on a busy server leaves the disk
 * to the lake's writes. Chunks wait for the time their bytes are due at that rate.
 */
export class Pace {
  readonly #bytesPerSecond: number
  readonly #started = performance.now()
  #bytes = 0

  constructor(bytesPerSecond: number) {
    this.#bytesPerSecond = bytesPerSecond
  }

  async take(bytes: number): Promise<void> {
    this.#bytes += bytes
    const due = this.#started + (this.#bytes / this.#bytesPerSecond) * 1000
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
  }
}

/** The bytes of a file, hashed as they pass, through an optional pace. */
function digesting(digest: FileDigest & { hash: ReturnType<typeof createHash> }, pace?: Pace): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.hash.update(chunk)
      digest.bytes += chunk.length
      if (!pace) return done(null, chunk)
      pace.take(chunk.length).then(() => done(null, chunk), done)
    },
  })
}

/** Copies a file, hashing what it copies in the same pass, and flushes the copy to disk. */
export async function copyHashed(
  source: string,
  target: string,
  mode: number,
  pace?: Pace,
): Promise<FileDigest> {
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
  const digest = { bytes: 0, sha256: '', hash: createHash('sha256') }
  await pipeline(
    createReadStream(source, { highWaterMark: CHUNK_BYTES }),
    digesting(digest, pace),
    createWriteStream(target, { mode, highWaterMark: CHUNK_BYTES }),
  )
  syncPath(target)
  return { bytes: digest.bytes, sha256: digest.hash.digest('hex') }
}

export async function hashFile(file: string): Promise<FileDigest> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    bytes += chunk.length
  }
  return { bytes, sha256: hash.digest('hex') }
}

/** fsync of a file or a folder: a folder's own entries (a rename into it) survive a power cut. */
export function syncPath(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
