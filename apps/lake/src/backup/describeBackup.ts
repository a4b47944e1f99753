import type { BackupManifest } from './manifest.ts'

/** One line about what a backup holds: its datasets and the transaction each reaches, its size. */
export function describeBackup(manifest: BackupManifest, seconds?: number): string {
  const datasets = manifest.datasets
    .map(
      (dataset) =>
        `${dataset.name} at ${dataset.lastTransaction?.id ?? 'no transaction'} (${dataset.documents} documents)`,
    )
    .join(', ')
  const took = seconds === undefined ? '' : `, ${seconds.toFixed(1)} s`
  return `${datasets || 'no datasets'}; ${manifest.files.length} files, ${megabytes(backupBytes(manifest))}${took}`
}

/** The bytes of the data a backup holds (its manifest aside). */
export function backupBytes(manifest: BackupManifest): number {
  return manifest.files.reduce((sum, file) => sum + file.bytes, 0)
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
