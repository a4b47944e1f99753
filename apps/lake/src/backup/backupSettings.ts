import { resolve } from 'node:path'

/** Scheduled backups, from the environment (see `.env.example`). */
export interface BackupSettings {
  /** Where they go (`LAKE_BACKUP_DIR`); null: none are scheduled. An upgrade's backup goes here too. */
  dir: string | null
  /** How often (`LAKE_BACKUP_EVERY`: `90s`, `30m`, `6h`, `1d`). */
  everyMs: number
  /** The newest backup of each of this many days, and of this many weeks, are kept. */
  keepDaily: number
  keepWeekly: number
  /** Bytes per second for copying files (`LAKE_BACKUP_MAX_RATE`: `512k`, `20M`); unset: no limit. */
  maxBytesPerSecond: number | undefined
}

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const UNITS_BYTES: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }

export function backupSettings(env: NodeJS.ProcessEnv): BackupSettings {
  return {
    dir: env.LAKE_BACKUP_DIR ? resolve(env.LAKE_BACKUP_DIR) : null,
    everyMs: parseInterval(env.LAKE_BACKUP_EVERY || '6h', 'LAKE_BACKUP_EVERY'),
    keepDaily: count(env.LAKE_BACKUP_KEEP_DAILY, 7, 'LAKE_BACKUP_KEEP_DAILY'),
    keepWeekly: count(env.LAKE_BACKUP_KEEP_WEEKLY, 4, 'LAKE_BACKUP_KEEP_WEEKLY'),
    maxBytesPerSecond: env.LAKE_BACKUP_MAX_RATE
      ? parseRate(env.LAKE_BACKUP_MAX_RATE, 'LAKE_BACKUP_MAX_RATE')
      : undefined,
  }
}

/** `90s`, `30m`, `6h`, `1d`: a whole number and a unit. */
export function parseInterval(value: string, name: string): number {
  const match = /^(\d+)\s*([smhd])$/i.exec(value.trim())
  const ms = match ? Number(match[1]) * (UNITS_MS[(match[2] as string).toLowerCase()] as number) : 0
  if (ms <= 0) throw new Error(`${name}: "${value}" is not an interval such as 90s, 30m, 6h or 1d`)
  return ms
}

/** Bytes per second: `1048576`, `512k`, `20M`, `1G`. */
export function parseRate(value: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(value.trim())
  const rate = match ? Number(match[1]) * (UNITS_BYTES[(match[2] as string).toLowerCase()] as number) : 0
  if (!(rate > 0))
    throw new Error(`${name}: "${value}" is not a rate in bytes per second such as 512k or 20M`)
  return rate
}

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name}: "${value}" is not a whole number`)
  return parsed
}

export function formatInterval(ms: number): string {
  for (const [unit, size] of Object.entries(UNITS_MS).reverse())
    if (ms % size === 0) return `${ms / size}${unit}`
  return `${ms} ms`
}
