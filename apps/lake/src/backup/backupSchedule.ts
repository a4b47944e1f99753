import { rmSync } from 'node:fs'
import { completeBackups, SCHEDULED_PREFIX } from './backupFolder.ts'
import { type BackupSettings, formatInterval } from './backupSettings.ts'
import { describeBackup } from './describeBackup.ts'
import { backupsToKeep } from './retention.ts'
import { takeBackup } from './takeBackup.ts'

// setTimeout fires at once past this (about 24 days); a longer wait is taken in such steps.
const MAX_TIMER_MS = 2 ** 31 - 1

export interface BackupSchedule {
  /** Stops scheduling; a backup under way stops at its next file and leaves nothing behind. */
  stop(): Promise<void>
}

/**
 * Backs up the data dir every `everyMs` into `settings.dir` while the lake serves, then removes
 * the scheduled backups retention no longer keeps. Each backup says one line. A backup that
 * fails (the folder cannot be written, the disk is full) is one line too and nothing more: the
 * lake goes on serving and tries again at the next interval. The first backup is due one
 * interval after the newest in the folder, or at once when there is none or it is overdue, so
 * a lake that restarts often still backs up.
 */
export function startBackupSchedule(
  dataDir: string,
  settings: BackupSettings,
  log: (line: string) => void,
): BackupSchedule {
  const { dir } = settings
  if (!dir) return { stop: async () => {} }
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let stopped = false
  const stopping = new AbortController()
  const arm = (delay: number) => {
    if (stopped) return
    timer = setTimeout(
      () => {
        running = backUp(dataDir, dir, settings, log, stopping.signal).finally(() => {
          running = undefined
          arm(settings.everyMs)
        })
      },
      Math.min(delay, MAX_TIMER_MS),
    )
    // The servers keep the lake running; a pending backup alone must not.
    timer.unref()
  }
  arm(firstDelay(dir, settings.everyMs))
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      stopping.abort()
      await running
    },
  }
}

async function backUp(
  dataDir: string,
  dir: string,
  settings: BackupSettings,
  log: (line: string) => void,
  signal: AbortSignal,
) {
  try {
    const { path, manifest, seconds } = await takeBackup(dataDir, dir, {
      log,
      signal,
      ...(settings.maxBytesPerSecond ? { maxBytesPerSecond: settings.maxBytesPerSecond } : {}),
    })
    const removed = prune(dir, settings)
    log(
      `lake: backup ${path}: ${describeBackup(manifest, seconds)}${removed ? `; removed ${removed} older` : ''}`,
    )
  } catch (error) {
    if (signal.aborted) return log(`lake: backup into ${dir} stopped: the lake is stopping`)
    log(
      `lake: backup into ${dir} failed, the lake keeps serving and tries again in ${formatInterval(settings.everyMs)}: ${(error as Error).message}`,
    )
  }
}

/** Removes the scheduled backups that retention does not keep; backups taken before an upgrade stay. */
function prune(dir: string, settings: BackupSettings): number {
  const scheduled = completeBackups(dir).filter((backup) => backup.name.startsWith(SCHEDULED_PREFIX))
  const keep = backupsToKeep(scheduled, settings.keepDaily, settings.keepWeekly)
  const removed = scheduled.filter((backup) => !keep.has(backup.name))
  for (const backup of removed) rmSync(backup.path, { recursive: true, force: true })
  return removed.length
}

function firstDelay(dir: string, everyMs: number): number {
  try {
    const [newest] = completeBackups(dir)
    return newest ? Math.max(0, newest.createdAt.getTime() + everyMs - Date.now()) : 0
  } catch {
    // An unreadable folder: the backup itself will say why, in its one line.
    return 0
  }
}
