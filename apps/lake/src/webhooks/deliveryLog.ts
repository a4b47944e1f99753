import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { Cursor, CursorStore } from '../events/transactionFollower.ts'

export interface DeliveryAttempt {
  webhook: string
  dataset: string
  transactionId: string
  documentId: string
  operation: string
  attempt: number
  status: number | null
  error: string | null
  durationMs: number
  at: string
}

export type { Cursor } from '../events/transactionFollower.ts'

/**
 * Where each webhook has got to and a log of every attempt. The cursor only moves after a
 * delivery succeeds or is given up, which is what makes delivery at-least-once across crashes.
 * It keeps the transaction's id beside its sequence number because a dataset made anew (`lake
 * reset`, delete and create) numbers its transactions from 1 again.
 */
export class DeliveryLog implements CursorStore {
  readonly #db: DatabaseSync

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true })
    this.#db = new DatabaseSync(file)
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS cursors (webhook TEXT NOT NULL, dataset TEXT NOT NULL, seq INTEGER NOT NULL, transaction_id TEXT, PRIMARY KEY (webhook, dataset));
      CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT, webhook TEXT NOT NULL, dataset TEXT NOT NULL,
        transaction_id TEXT NOT NULL, document_id TEXT NOT NULL, operation TEXT NOT NULL,
        attempt INTEGER NOT NULL, status INTEGER, error TEXT, duration_ms REAL NOT NULL, at TEXT NOT NULL);`)
    const columns = this.#db.prepare('PRAGMA table_info(cursors)').all() as Array<{ name: string }>
    if (!columns.some((column) => column.name === 'transaction_id'))
      this.#db.exec('ALTER TABLE cursors ADD COLUMN transaction_id TEXT')
  }

  cursor(webhook: string, dataset: string): Cursor | undefined {
    const row = this.#db
      .prepare('SELECT seq, transaction_id AS transactionId FROM cursors WHERE webhook = ? AND dataset = ?')
      .get(webhook, dataset) as { seq: number; transactionId: string | null } | undefined
    return row ? { seq: Number(row.seq), transactionId: row.transactionId } : undefined
  }

  setCursor(webhook: string, dataset: string, cursor: Cursor): void {
    this.#db
      .prepare(
        `INSERT INTO cursors (webhook, dataset, seq, transaction_id) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET seq = excluded.seq, transaction_id = excluded.transaction_id`,
      )
      .run(webhook, dataset, cursor.seq, cursor.transactionId)
  }

  /** Moves the cursors of `dataset` that are past `cursor` back to it: its log was cut there (a restore to a point in time). */
  rewindCursors(dataset: string, cursor: Cursor): void {
    this.#db
      .prepare('UPDATE cursors SET seq = ?, transaction_id = ? WHERE dataset = ? AND seq > ?')
      .run(cursor.seq, cursor.transactionId, dataset, cursor.seq)
  }

  /** Drops a webhook's place in a dataset's log: the dataset is gone, and one made again under its name has a new log. */
  forgetCursor(webhook: string, dataset: string): void {
    this.#db.prepare('DELETE FROM cursors WHERE webhook = ? AND dataset = ?').run(webhook, dataset)
  }

  record(attempt: DeliveryAttempt): void {
    this.#db
      .prepare(
        `INSERT INTO attempts (webhook, dataset, transaction_id, document_id, operation, attempt, status, error, duration_ms, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        attempt.webhook,
        attempt.dataset,
        attempt.transactionId,
        attempt.documentId,
        attempt.operation,
        attempt.attempt,
        attempt.status,
        attempt.error,
        attempt.durationMs,
        attempt.at,
      )
  }

  recent(limit = 50): DeliveryAttempt[] {
    const rows = this.#db
      .prepare(
        `SELECT webhook, dataset, transaction_id AS transactionId, document_id AS documentId, operation, attempt,
         status, error, duration_ms AS durationMs, at FROM attempts ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as unknown as DeliveryAttempt[]
    return rows.reverse()
  }

  close(): void {
    this.#db.close()
  }
}
