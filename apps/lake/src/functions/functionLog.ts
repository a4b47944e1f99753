import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { Cursor, CursorStore } from '../events/transactionFollower.ts'

export interface FunctionRun {
  function: string
  dataset: string
  transactionId: string
  /** The document the event was about, or the sync tags it carried. */
  subject: string
  attempt: number
  ok: boolean
  error: string | null
  logs: string
  durationMs: number
  at: string
}

export function functionLogFile(dataDir: string): string {
  return join(dataDir, 'functions.sqlite')
}

/**
 * Where each function has got to in each dataset's log (its cursor moves only after its
 * invocations for a transaction ended, which makes them at-least-once across restarts), and every
 * invocation with what the function printed: `lake functions log` reads it.
 */
export class FunctionLog implements CursorStore {
  readonly #db: DatabaseSync

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true })
    this.#db = new DatabaseSync(file)
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS cursors (follower TEXT NOT NULL, dataset TEXT NOT NULL, seq INTEGER NOT NULL, transaction_id TEXT, PRIMARY KEY (follower, dataset));
      CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, function TEXT NOT NULL, dataset TEXT NOT NULL,
        transaction_id TEXT NOT NULL, subject TEXT NOT NULL, attempt INTEGER NOT NULL, ok INTEGER NOT NULL,
        error TEXT, logs TEXT NOT NULL, duration_ms REAL NOT NULL, at TEXT NOT NULL);`)
  }

  cursor(follower: string, dataset: string): Cursor | undefined {
    const row = this.#db
      .prepare('SELECT seq, transaction_id AS transactionId FROM cursors WHERE follower = ? AND dataset = ?')
      .get(follower, dataset) as { seq: number; transactionId: string | null } | undefined
    return row ? { seq: Number(row.seq), transactionId: row.transactionId } : undefined
  }

  setCursor(follower: string, dataset: string, cursor: Cursor): void {
    this.#db
      .prepare(
        `INSERT INTO cursors (follower, dataset, seq, transaction_id) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET seq = excluded.seq, transaction_id = excluded.transaction_id`,
      )
      .run(follower, dataset, cursor.seq, cursor.transactionId)
  }

  record(run: FunctionRun): void {
    this.#db
      .prepare(
        `INSERT INTO runs (function, dataset, transaction_id, subject, attempt, ok, error, logs, duration_ms, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.function,
        run.dataset,
        run.transactionId,
        run.subject,
        run.attempt,
        run.ok ? 1 : 0,
        run.error,
        run.logs,
        run.durationMs,
        run.at,
      )
  }

  recent(limit = 50): FunctionRun[] {
    const rows = this.#db
      .prepare(
        `SELECT function, dataset, transaction_id AS transactionId, subject, attempt, ok, error, logs,
         duration_ms AS durationMs, at FROM runs ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as unknown as Array<Omit<FunctionRun, 'ok'> & { ok: number }>
    return rows.reverse().map((row) => ({ ...row, ok: row.ok === 1 }))
  }

  close(): void {
    this.#db.close()
  }
}
