/**
 * Why a backup, a restore or a data dir was refused, each a named factory with what to do about
 * it. Like `errors.ts` for the API, this module imports nothing of the lake: the backup modules,
 * the CLI and the server all throw these, and the CLI prints the message as it is.
 */
export class BackupRefusal extends Error {
  override readonly name = 'BackupRefusal'
}

const refuse = (message: string) => new BackupRefusal(message)

export const nothingToBackUp = (dataDir: string) =>
  refuse(
    `the data dir ${dataDir} does not exist or is empty: there is nothing to back up (--data-dir, or LAKE_DATA_DIR)`,
  )

export const noBackupAt = (path: string) =>
  refuse(`no backup at ${path}: give a backup (a folder holding manifest.json) or a folder of backups`)

export const partialBackup = (path: string) =>
  refuse(
    `${path} is a partial backup: it has no manifest.json, so the backup that wrote it was stopped or failed before it finished. Restore a complete one; this folder can be deleted`,
  )

export const noCompleteBackup = (folder: string, partials: string[]) =>
  refuse(
    `no complete backup in ${folder}${partials.length ? ` (only partial ones, which a stopped backup left: ${partials.join(', ')})` : ''}`,
  )

export const tornManifest = (path: string, reason: string) =>
  refuse(`the manifest of ${path} cannot be read (${reason}): the backup is torn or not a lake backup`)

export const backupMismatch = (path: string, problems: string[]) =>
  refuse(
    `${path} does not match its manifest, so it is damaged or was changed after it was taken: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
  )

export const backupFormatTooNew = (path: string, format: number, supported: number) =>
  refuse(
    `${path} was written in backup format ${format}, newer than this lake reads (${supported}): restore it with the lake version that made it`,
  )

export const dataDirTooNew = (dataDir: string, format: number, current: number) =>
  refuse(
    `the data dir ${dataDir} is in format ${format}, newer than this lake's format ${current}: it was written by a newer version of the lake, and this one would misread it. Run the newer lake, or restore a backup taken before the upgrade into another data dir`,
  )

export const unreadableFormatFile = (file: string, reason: string) =>
  refuse(
    `${file} cannot be read (${reason}), so the data dir's format is unknown: the lake will not guess. Restore a backup, or write {"format": N} with the format the data dir is in`,
  )

export const targetNotEmpty = (dataDir: string) =>
  refuse(
    `the data dir ${dataDir} is not empty: restore only into a new or empty folder (--data-dir), with no lake running on it`,
  )

export const datasetsChangedDuringBackup = (attempts: number) =>
  refuse(
    `datasets were created or deleted while the backup ran (${attempts} attempts): run it again when that is done`,
  )

export const unknownTransaction = (transactionId: string, reach: string) =>
  refuse(`no dataset in the backup holds transaction "${transactionId}": ${reach}`)

export const pointAfterBackup = (time: string, createdAt: string) =>
  refuse(
    `${time} is after this backup was taken (${createdAt}): it cannot restore a later state. Take a backup now (the lake may keep serving) and restore that one --to ${time}`,
  )

export const invalidPoint = (to: string) =>
  refuse(`--to "${to}" is neither a transaction id nor an ISO time such as 2026-05-01T12:00:00Z`)
