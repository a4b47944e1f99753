import type { LakeConfig } from '../config.ts'
import { parseRate } from './backupSettings.ts'
import { backupBytes, describeBackup, megabytes } from './describeBackup.ts'
import type { PointInTime } from './pointInTime.ts'
import { restoreBackup } from './restoreBackup.ts'
import { takeBackup } from './takeBackup.ts'
import { verifyBackup } from './verifyBackup.ts'

/** `lake backup <dir>` and `lake backup --verify <dir>`. */
export async function backupCommand(
  config: LakeConfig,
  dir: string | undefined,
  options: { verify: boolean | undefined; maxRate: string | undefined },
): Promise<void> {
  if (!dir) throw new Error('Usage: lake backup <dir> | lake backup --verify <dir>')
  if (options.verify) {
    const { backup, manifest } = await verifyBackup(dir)
    console.log(
      `lake: backup ${backup} verified: it restores, every file matches its checksum, every database passes SQLite's integrity check with the manifest's counts (${describeBackup(manifest)})`,
    )
    return
  }
  const maxBytesPerSecond = options.maxRate ? parseRate(options.maxRate, '--max-rate') : undefined
  const result = await takeBackup(config.dataDir, dir, {
    log: console.log,
    ...(maxBytesPerSecond ? { maxBytesPerSecond } : {}),
  })
  console.log(`lake: backup ${result.path}: ${describeBackup(result.manifest, result.seconds)}`)
}

/** `lake restore <dir> --data-dir <new dir> [--to <transaction id | ISO time>]`. */
export async function restoreCommand(config: LakeConfig, dir: string | undefined, to: string | undefined) {
  if (!dir)
    throw new Error(
      'Usage: lake restore <backup dir> --data-dir <new dir> [--to <transaction id | ISO time>]',
    )
  const { backup, manifest, point, seconds } = await restoreBackup(dir, config.dataDir, to)
  console.log(
    `lake: restored ${backup} (taken ${manifest.createdAt}) into ${config.dataDir}: ${manifest.files.length} files, ${megabytes(backupBytes(manifest))}, ${seconds.toFixed(1)} s`,
  )
  if (point) console.log(`lake: ${describePoint(point)}`)
}

function describePoint(point: PointInTime): string {
  const as = point.transaction
    ? `transaction ${point.transaction.id} of "${point.transaction.dataset}" (${point.instant})`
    : point.instant
  const datasets = point.datasets
    .map(
      ({ name, at, undone }) => `"${name}" at ${at?.id ?? 'its start'} (${undone} later transactions undone)`,
    )
    .join(', ')
  const leftOut = point.leftOut.length ? `; left out, created later: ${point.leftOut.join(', ')}` : ''
  return `as of ${as}: ${datasets || 'no datasets'}${leftOut}`
}
