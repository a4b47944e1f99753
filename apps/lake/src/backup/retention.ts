import type { StoredBackup } from './backupFolder.ts'

/**
 * Which backups to keep, as `restic forget --keep-daily N --keep-weekly M` picks them: the
 * newest backup of each of the last N days that have one, and of each of the last M weeks
 * (ISO weeks, Monday first; days and weeks in UTC), and always the newest of all.
 */
export function backupsToKeep(backups: StoredBackup[], keepDaily: number, keepWeekly: number): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  const keep = new Set<string>(newestFirst.slice(0, 1).map((backup) => backup.name))
  for (const [count, period] of [
    [keepDaily, dayOf],
    [keepWeekly, weekOf],
  ] as const) {
    const seen = new Set<string>()
    for (const backup of newestFirst) {
      const key = period(backup.createdAt)
      if (seen.has(key)) continue
      if (seen.size >= count) break
      seen.add(key)
      keep.add(backup.name)
    }
  }
  return keep
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** The ISO week's Monday, which names the week. */
function weekOf(date: Date): string {
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7))
  return dayOf(monday)
}
