import type { BackupManifest } from './manifest.ts'

/** One line about what a backup holds: its datasets and the transaction each reaches, its size. */
export function describeBackup(manifest: BackupManifest, bytes: number, seconds: number): string {
  const datasets = manifest.datasets
    .map(
      (dataset) =>
        `${dataset.name} at ${dataset.lastTransaction?.id ?? 'no transaction'} (${dataset.documents} documents)`,
    )
    .join(', ')
  return `${datasets || 'no datasets'}; ${manifest.files.length} files, ${megabytes(bytes)}, ${seconds.toFixed(1)} s`
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
