import { backup, DatabaseSync } from 'node:sqlite'

/** The newest transaction of a dataset's log: how far a backup of it reaches. */
export interface TransactionPoint {
  seq: number
  id: string
  timestamp: string
}

/**
 * Copies a database that may be in use, writers and all, through SQLite's online backup. All
 * pages go in one step: the step reads inside one read transaction, so the copy is the database
 * as of one commit, and in WAL mode that read blocks no writer (copied in several steps, a write
 * between two of them would start the copy over, and steady writes could keep it from ending).
 * The copy is then set to a plain rollback journal, so it is one self-contained file.
 */
export async function snapshotDatabase(source: string, target: string): Promise<void> {
  // Read-only: a database deleted since the data dir was listed fails here instead of coming back empty.
  const db = new DatabaseSync(source, { readOnly: true, timeout: 10_000 })
  try {
    await backup(db, target, { rate: 2 ** 31 - 1 })
  } finally {
    db.close()
  }
  const copy = new DatabaseSync(target)
  try {
    copy.exec('PRAGMA journal_mode = DELETE')
  } finally {
    copy.close()
  }
}

/** Rows per table: what the manifest records, and what a restore must find again. */
export function tableCounts(file: string): Record<string, number> {
  return withDatabase(file, (db) => {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as Array<{ name: string }>
    return Object.fromEntries(
      tables.map(({ name }) => {
        const row = db.prepare(`SELECT COUNT(*) AS count FROM "${name.replaceAll('"', '""')}"`).get() as {
          count: number
        }
        return [name, Number(row.count)]
      }),
    )
  })
}

/** The last transaction in a dataset's log (`store/sqliteStorage.ts` layout); null when it has none. */
export function lastTransaction(file: string): TransactionPoint | null {
  return withDatabase(file, (db) => {
    const row = db
      .prepare('SELECT seq, id, timestamp FROM transactions ORDER BY seq DESC LIMIT 1')
      .get() as unknown as TransactionPoint | undefined
    return row ? { seq: Number(row.seq), id: row.id, timestamp: row.timestamp } : null
  })
}

/** SQLite's own full check of every page and index; empty when the database is sound. */
export function integrityProblems(file: string): string[] {
  return withDatabase(file, (db) => {
    const rows = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>
    return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok')
  })
}

export function withDatabase<T>(file: string, use: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(file, { timeout: 10_000 })
  try {
    return use(db)
  } finally {
    db.close()
  }
}

/** Where transaction `id` sits in a dataset's log, if it does. */
export function transactionPoint(file: string, id: string): TransactionPoint | undefined {
  return withDatabase(file, (db) => {
    const row = db.prepare('SELECT seq, id, timestamp FROM transactions WHERE id = ?').get(id) as unknown as
      | TransactionPoint
      | undefined
    return row ? { seq: Number(row.seq), id: row.id, timestamp: row.timestamp } : undefined
  })
}

/**
 * The last transaction committed at or before `instant`, as the history API picks it
 * (`GET /data/history/:dataset/documents/:ids?time=`); null when the log starts later.
 */
export function lastTransactionAt(file: string, instant: string): TransactionPoint | null {
  return withDatabase(file, (db) => {
    const row = db
      .prepare('SELECT seq, id, timestamp FROM transactions WHERE timestamp <= ? ORDER BY seq DESC LIMIT 1')
      .get(instant) as unknown as TransactionPoint | undefined
    return row ? { seq: Number(row.seq), id: row.id, timestamp: row.timestamp } : null
  })
}
