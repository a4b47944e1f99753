import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatasetRegistry } from '../store/datasetRegistry.ts'
import { SqliteStorage, sqliteBackend } from '../store/sqliteStorage.ts'
import { DeliveryLog } from '../webhooks/deliveryLog.ts'
import { deliveryLogFile } from '../webhooks/startWebhooks.ts'
import type { BackupManifest, ManifestDataset } from './manifest.ts'
import { invalidPoint, pointAfterBackup, unknownTransaction } from './refusals.ts'
import { lastTransactionAt, type TransactionPoint, transactionPoint } from './sqliteFiles.ts'

/** Where a restore to a point in time cut each dataset. */
export interface PointInTime {
  /** The instant restored: the given time, or the given transaction's timestamp. */
  instant: string
  /** The transaction given with `--to`, and the dataset whose log holds it. */
  transaction?: TransactionPoint & { dataset: string }
  datasets: Array<{ name: string; at: TransactionPoint | null; undone: number }>
  /** Datasets created after the instant: left out of the restored data dir. */
  leftOut: string[]
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/

/**
 * Takes a restored data dir (not yet in place) back to a point in time. Every dataset keeps its
 * whole transaction log, each transaction with every document before and after it, so a
 * dataset at any transaction is its state in the backup with the later transactions undone.
 * `to` is a transaction id (its dataset is cut right after it, the others at its timestamp) or
 * an ISO time (every dataset cut after its last transaction at or before it, as the history
 * API's `time=` reads). Datasets created after that instant are left out; webhook cursors past
 * the cut move back to it, so what is written after the restore is delivered and nothing twice.
 */
export function restoreToPoint(dataDir: string, manifest: BackupManifest, to: string): PointInTime {
  const datasets = manifest.datasets.filter((dataset) => dataset.database !== null)
  const file = (dataset: ManifestDataset) => join(dataDir, dataset.database as string)
  const transaction = ISO_TIME.test(to) ? undefined : findTransaction(datasets, file, to)
  // A transaction found in the backup is in it, even one committed while it ran; a time after
  // the backup began may be later than some dataset's copy.
  const instant = transaction?.timestamp ?? timeOf(to)
  if (!transaction && instant > manifest.createdAt) throw pointAfterBackup(instant, manifest.createdAt)
  const registry = new DatasetRegistry(dataDir, join(dataDir, 'datasets'))
  const point: PointInTime = { instant, ...(transaction ? { transaction } : {}), datasets: [], leftOut: [] }
  const storage = sqliteBackend(dataDir)
  const cursors = existsSync(deliveryLogFile(dataDir)) ? new DeliveryLog(deliveryLogFile(dataDir)) : undefined
  try {
    for (const dataset of datasets) {
      const holdsTransaction = dataset.name === transaction?.dataset
      const created = registry.get(dataset.name)?.createdAt ?? ''
      if (!holdsTransaction && created > instant) {
        registry.remove(dataset.name)
        storage.remove(dataset.name)
        point.leftOut.push(dataset.name)
        continue
      }
      const at = holdsTransaction ? transaction : lastTransactionAt(file(dataset), instant)
      const opened = new SqliteStorage(file(dataset))
      const undone = opened.rewindTo(at?.seq ?? 0)
      opened.close()
      cursors?.rewindCursors(dataset.name, { seq: at?.seq ?? 0, transactionId: at?.id ?? null })
      point.datasets.push({ name: dataset.name, at, undone })
    }
  } finally {
    cursors?.close()
  }
  return point
}

function findTransaction(
  datasets: ManifestDataset[],
  file: (dataset: ManifestDataset) => string,
  id: string,
): TransactionPoint & { dataset: string } {
  for (const dataset of datasets) {
    const found = transactionPoint(file(dataset), id)
    if (found) return { ...found, dataset: dataset.name }
  }
  const reach = datasets
    .map(
      (dataset) =>
        `"${dataset.name}" up to ${dataset.lastTransaction?.id ?? 'no transaction'}${dataset.lastTransaction ? ` (${dataset.lastTransaction.timestamp})` : ''}`,
    )
    .join(', ')
  throw unknownTransaction(id, `it holds ${reach || 'no dataset'}; a later transaction needs a later backup`)
}

function timeOf(to: string): string {
  const time = Date.parse(to)
  if (Number.isNaN(time)) throw invalidPoint(to)
  return new Date(time).toISOString()
}
