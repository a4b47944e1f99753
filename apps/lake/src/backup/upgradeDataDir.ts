import { join } from 'node:path'
import { UPGRADE_PREFIX } from './backupFolder.ts'
import { DATA_DIR_FORMAT, readableDataDirFormat, writeDataDirFormat } from './dataDirFormat.ts'
import { describeBackup } from './describeBackup.ts'
import { takeBackup } from './takeBackup.ts'

/** One step of the data dir's layout, from the format before `to`. */
interface Upgrade {
  to: number
  /** What it changes, for the log. */
  what: string
  apply(dataDir: string): void
}

/**
 * The steps from each older format to the current one, in order. Format 0 is every data dir
 * from before `format.json`: its layout is format 1's (the older fix-ups, a registry built from
 * the dataset files and the webhook cursors' transaction ids, still happen where those files
 * are opened), so its step only records the format.
 */
const UPGRADES: Upgrade[] = [{ to: 1, what: 'records the format in format.json', apply: () => {} }]

/**
 * Makes a data dir ready for this lake before anything opens it: a new one gets the current
 * format; one in a newer format is refused, saying why; one in an older format is backed up
 * first (into `backupsFolder`) and then upgraded step by step, each step recorded as it ends,
 * so an upgrade stopped halfway resumes from the last finished step.
 */
export async function prepareDataDir(
  dataDir: string,
  backupsFolder: string | null,
  log: (line: string) => void,
): Promise<void> {
  const format = readableDataDirFormat(dataDir)
  if (format === 'empty') return writeDataDirFormat(dataDir, DATA_DIR_FORMAT)
  if (format === DATA_DIR_FORMAT) return
  const folder = backupsFolder ?? join(dataDir, 'backups')
  const backup = await takeBackup(dataDir, folder, {
    prefix: `${UPGRADE_PREFIX}${format}-to-${DATA_DIR_FORMAT}-`,
    log,
  })
  log(
    `lake: data dir ${dataDir} is in format ${format}; backed it up before upgrading to ${DATA_DIR_FORMAT}: ${backup.path} (${describeBackup(backup.manifest, backup.seconds)})`,
  )
  for (const upgrade of UPGRADES.filter((step) => step.to > format)) {
    upgrade.apply(dataDir)
    writeDataDirFormat(dataDir, upgrade.to)
    log(`lake: upgraded ${dataDir} to format ${upgrade.to}: ${upgrade.what}`)
  }
}
