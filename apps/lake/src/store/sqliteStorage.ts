import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { storageFull, storageUnavailable } from '../errors.ts'
import type {
  CommittedTransaction,
  DocumentChange,
  DocumentStorage,
  SanityDocument,
  StorageBackend,
} from './types.ts'

/** Where dataset `name` lives, relative to the data dir (backups name it so too). */
export function datasetPath(name: string): string {
  return `datasets/${name}.sqlite`
}

/** The lake's datasets as SQLite files, `<dataDir>/datasets/<name>.sqlite`: what the lake serves from. */
export function sqliteBackend(dataDir: string): StorageBackend {
  const file = (name: string) => join(dataDir, datasetPath(name))
  return {
    sharedWithOtherProcesses: true,
    open: (name) => new SqliteStorage(file(name)),
    remove(name) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file(name)}${suffix}`, { force: true })
    },
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  rev TEXT NOT NULL,
  body TEXT NOT NULL
);
-- Nothing reads documents by type in SQL (queries run on the in-memory replicas), and every
-- write paid for keeping an index of it, which older data dirs still hold.
DROP INDEX IF EXISTS documents_type;
CREATE TABLE IF NOT EXISTS transactions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  timestamp TEXT NOT NULL,
  identity TEXT NOT NULL,
  mutations TEXT NOT NULL,
  changes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transaction_documents (
  document_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (document_id, seq)
);
`

interface TransactionRow {
  id: string
  timestamp: string
  identity: string
  mutations: string
  changes: string
}

/**
 * SQLite-backed storage with an in-memory copy of every current document. Reads never touch disk;
 * a commit is one SQLite transaction with synchronous=FULL, so it is on disk before `commit`
 * returns and the HTTP layer acknowledges it. One commit may carry several of the lake's
 * transactions (Dataset groups those that arrive together): one sync to disk for all of them.
 */
export class SqliteStorage implements DocumentStorage {
  readonly #db: DatabaseSync
  readonly #docs = new Map<string, SanityDocument>()
  readonly #statements: ReturnType<typeof prepareStatements>
  #revision = 0

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true })
    this.#db = new DatabaseSync(file)
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;')
    this.#db.exec(SCHEMA)
    this.#statements = prepareStatements(this.#db)
    for (const row of this.#db.prepare('SELECT body FROM documents').iterate()) {
      const doc = JSON.parse(String((row as { body: string }).body)) as SanityDocument
      this.#docs.set(doc._id, doc)
    }
  }

  get size(): number {
    return this.#docs.size
  }

  get revision(): number {
    return this.#revision
  }

  get(id: string): SanityDocument | undefined {
    return this.#docs.get(id)
  }

  all(): Iterable<SanityDocument> {
    return this.#docs.values()
  }

  commit(transactions: CommittedTransaction[]): void {
    const db = this.#db
    db.exec('BEGIN IMMEDIATE')
    try {
      for (const transaction of transactions) this.#insert(transaction)
      db.exec('COMMIT')
    } catch (error) {
      // SQLite may already have rolled back (e.g. on a full disk); the in-memory state was not touched.
      if (db.isTransaction) db.exec('ROLLBACK')
      throw storageFailure(error)
    }
    for (const transaction of transactions) {
      for (const change of transaction.changes) {
        if (change.after) this.#docs.set(change.id, change.after)
        else this.#docs.delete(change.id)
      }
      this.#revision++
    }
  }

  #insert(transaction: CommittedTransaction): void {
    const { insertTransaction, upsert, remove, link } = this.#statements
    const bodies = transaction.changes.map(({ after }) => (after ? JSON.stringify(after) : null))
    const { lastInsertRowid } = insertTransaction.run(
      transaction.id,
      transaction.timestamp,
      transaction.identity,
      JSON.stringify(transaction.mutations),
      changesJson(transaction.changes, bodies),
    )
    transaction.changes.forEach((change, index) => {
      const body = bodies[index]
      if (change.after && body) upsert.run(change.id, change.after._type, change.after._rev, body)
      else remove.run(change.id)
      link.run(change.id, lastInsertRowid)
    })
  }

  transactionsForDocuments(documentIds: string[]): Array<{ seq: number; transaction: CommittedTransaction }> {
    if (documentIds.length === 0) return []
    const placeholders = documentIds.map(() => '?').join(', ')
    const rows = this.#db
      .prepare(
        `SELECT t.seq, t.id, t.timestamp, t.identity, t.mutations, t.changes FROM transactions t
         WHERE t.seq IN (SELECT seq FROM transaction_documents WHERE document_id IN (${placeholders}))
         ORDER BY t.seq`,
      )
      .all(...documentIds) as unknown as Array<TransactionRow & { seq: number }>
    return rows.map((row) => ({ seq: Number(row.seq), transaction: toTransaction(row) }))
  }

  transactionsUnder(prefix: string): Array<{ seq: number; transaction: CommittedTransaction }> {
    if (prefix.length === 0) throw new Error('transactionsUnder needs a non-empty prefix')
    // A range on the primary key: every id from the prefix up to the next string that is not under it.
    const end = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`
    const rows = this.#db
      .prepare(
        `SELECT t.seq, t.id, t.timestamp, t.identity, t.mutations, t.changes FROM transactions t
         WHERE t.seq IN (SELECT seq FROM transaction_documents WHERE document_id >= ? AND document_id < ?)
         ORDER BY t.seq`,
      )
      .all(prefix, end) as unknown as Array<TransactionRow & { seq: number }>
    return rows.map((row) => ({ seq: Number(row.seq), transaction: toTransaction(row) }))
  }

  transactionsSince(seq: number, limit: number): Array<{ seq: number; transaction: CommittedTransaction }> {
    const rows = this.#db
      .prepare(
        'SELECT seq, id, timestamp, identity, mutations, changes FROM transactions WHERE seq > ? ORDER BY seq LIMIT ?',
      )
      .all(seq, limit) as unknown as Array<TransactionRow & { seq: number }>
    return rows.map((row) => ({ seq: Number(row.seq), transaction: toTransaction(row) }))
  }

  lastSeq(): number {
    const row = this.#db.prepare('SELECT MAX(seq) AS seq FROM transactions').get() as { seq: number | null }
    return Number(row.seq ?? 0)
  }

  transaction(id: string): CommittedTransaction | undefined {
    const row = this.#db
      .prepare('SELECT id, timestamp, identity, mutations, changes FROM transactions WHERE id = ?')
      .get(id) as unknown as TransactionRow | undefined
    return row && toTransaction(row)
  }

  hasTransaction(id: string): boolean {
    return this.#statements.hasTransaction.get(id) !== undefined
  }

  /**
   * Takes the dataset back to how it was right after transaction `seq`: the later transactions'
   * changes undone, newest first (each change keeps its document as it was before), and the log
   * cut there, so the next transaction is `seq + 1` again. For a restore to a point in time, on
   * a copy no lake serves. Returns how many transactions were undone.
   */
  rewindTo(seq: number): number {
    const later = this.transactionsSince(seq, Number.MAX_SAFE_INTEGER).reverse()
    const { upsert, remove } = this.#statements
    const db = this.#db
    const restored = new Map<string, SanityDocument | null>()
    db.exec('BEGIN IMMEDIATE')
    try {
      for (const { transaction } of later) {
        for (const { id, before } of [...transaction.changes].reverse()) {
          if (before) upsert.run(id, before._type, before._rev, JSON.stringify(before))
          else remove.run(id)
          restored.set(id, before)
        }
      }
      db.prepare('DELETE FROM transaction_documents WHERE seq > ?').run(seq)
      db.prepare('DELETE FROM transactions WHERE seq > ?').run(seq)
      db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'transactions'").run(seq)
      db.exec('COMMIT')
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      throw error
    }
    for (const [id, doc] of restored) {
      if (doc) this.#docs.set(id, doc)
      else this.#docs.delete(id)
    }
    this.#revision++
    return later.length
  }

  close(): void {
    this.#db.close()
  }
}

const SQLITE_FULL = 13
const SQLITE_READONLY = 8
const SQLITE_IOERR = 10
const SQLITE_CANTOPEN = 14

/** A failed write as an API error the operator can act on (see `storageFull`). */
function storageFailure(error: unknown): unknown {
  const code = (error as { errcode?: number }).errcode
  if (code === SQLITE_FULL) {
    return storageFull()
  }
  if (code === SQLITE_READONLY || code === SQLITE_IOERR || code === SQLITE_CANTOPEN) {
    return storageUnavailable((error as Error).message)
  }
  return error
}

/** The write path's statements, prepared once: preparing per commit costs more than the insert. */
function prepareStatements(db: DatabaseSync) {
  return {
    insertTransaction: db.prepare(
      'INSERT INTO transactions (id, timestamp, identity, mutations, changes) VALUES (?, ?, ?, ?, ?)',
    ),
    upsert: db.prepare(
      'INSERT INTO documents (id, type, rev, body) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET type = excluded.type, rev = excluded.rev, body = excluded.body',
    ),
    remove: db.prepare('DELETE FROM documents WHERE id = ?'),
    link: db.prepare('INSERT OR IGNORE INTO transaction_documents (document_id, seq) VALUES (?, ?)'),
    hasTransaction: db.prepare('SELECT 1 FROM transactions WHERE id = ?'),
  }
}

/**
 * `JSON.stringify(changes)`, with each document as it is after the change taken from `bodies`,
 * where it is already serialised for its row: the largest part of a write is serialised once.
 */
function changesJson(changes: DocumentChange[], bodies: Array<string | null>): string {
  const entries = changes.map(
    ({ id, before }, index) =>
      `{"id":${JSON.stringify(id)},"before":${JSON.stringify(before)},"after":${bodies[index] ?? 'null'}}`,
  )
  return `[${entries.join(',')}]`
}

function toTransaction(row: TransactionRow): CommittedTransaction {
  return {
    id: row.id,
    timestamp: row.timestamp,
    identity: row.identity,
    mutations: JSON.parse(row.mutations) as unknown[],
    changes: JSON.parse(row.changes) as DocumentChange[],
  }
}
