import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../files/atomicWrite.ts'
import { dataDirTooNew, unreadableFormatFile } from './refusals.ts'

/**
 * The layout of the data dir this lake reads and writes: which files it holds and what is in
 * them. Bump it (and add a step to `upgradeDataDir.ts`) whenever a change means an older lake
 * would misread a data dir this one wrote.
 */
export const DATA_DIR_FORMAT = 1

/** A data dir written before the format file existed: every lake up to format 1. */
export const PREVIOUS_FORMAT = 0

const FORMAT_FILE = 'format.json'

export function formatFile(dataDir: string): string {
  return join(dataDir, FORMAT_FILE)
}

/** The data dir's format; `empty` for a folder that does not exist or holds nothing yet. */
export function readDataDirFormat(dataDir: string): number | 'empty' {
  const file = formatFile(dataDir)
  if (!existsSync(file)) {
    const empty = !existsSync(dataDir) || readdirSync(dataDir).length === 0
    return empty ? 'empty' : PREVIOUS_FORMAT
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw unreadableFormatFile(file, (error as Error).message)
  }
  const format = (parsed as { format?: unknown } | null)?.format
  if (!Number.isInteger(format) || (format as number) < 1)
    throw unreadableFormatFile(file, 'it has no whole-number "format" of 1 or more')
  return format as number
}

/** Written atomically: a crash leaves the old format or the new, never a torn file. */
export function writeDataDirFormat(dataDir: string, format: number): void {
  writeFileAtomic(formatFile(dataDir), `${JSON.stringify({ format }, null, 2)}\n`)
}

/** The format of a data dir this lake may read; a newer one is refused, naming both. */
export function readableDataDirFormat(dataDir: string): number | 'empty' {
  const format = readDataDirFormat(dataDir)
  if (format !== 'empty' && format > DATA_DIR_FORMAT) throw dataDirTooNew(dataDir, format, DATA_DIR_FORMAT)
  return format
}
