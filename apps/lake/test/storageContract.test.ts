import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { memoryBackend } from '../src/store/memoryStorage.ts'
import { sqliteBackend } from '../src/store/sqliteStorage.ts'
import type { CommittedTransaction, SanityDocument, StorageBackend } from '../src/store/types.ts'

/*
 * What every DocumentStorage promises the lake, as one list of cases run on each backend: the
 * memory store the unit tests may use must behave as the SQLite store the lake serves from.
 */

const doc = (id: string, rev: string, fields: Record<string, unknown> = {}): SanityDocument => ({
  _id: id,
  _type: 'article',
  _rev: rev,
  _createdAt: '2026-01-01T00:00:00Z',
  _updatedAt: '2026-01-01T00:00:00Z',
  ...fields,
})

let counter = 0
function transaction(changes: CommittedTransaction['changes'], id = `tx-${++counter}`): CommittedTransaction {
  return { id, timestamp: '2026-01-01T00:00:00Z', identity: 'tester', mutations: [{ test: id }], changes }
}
const create = (after: SanityDocument) => transaction([{ id: after._id, before: null, after }])

const cases: Array<[string, (backend: StorageBackend) => void]> = [
  [
    'starts empty',
    (backend) => {
      const storage = backend.open('empty')
      expect([storage.size, storage.revision, storage.lastSeq()]).toEqual([0, 0, 0])
      expect([...storage.all()]).toEqual([])
      expect(storage.get('a')).toBeUndefined()
      expect(storage.transactionsSince(0, 10)).toEqual([])
    },
  ],
  [
    'applies a commit of several transactions in order, one revision each',
    (backend) => {
      const storage = backend.open('ordered')
      const first = create(doc('a', 'r1', { n: 1 }))
      const second = transaction([
        { id: 'a', before: doc('a', 'r1', { n: 1 }), after: doc('a', 'r2', { n: 2 }) },
      ])
      storage.commit([first, second])
      expect(storage.get('a')).toMatchObject({ _rev: 'r2', n: 2 })
      expect(storage.size).toBe(1)
      expect(storage.revision).toBe(2)
      expect(storage.lastSeq()).toBe(2)
      expect(storage.transactionsSince(0, 10).map(({ transaction }) => transaction.id)).toEqual([
        first.id,
        second.id,
      ])
    },
  ],
  [
    'deletes a document whose change has no after',
    (backend) => {
      const storage = backend.open('deletes')
      storage.commit([create(doc('gone', 'r1'))])
      storage.commit([transaction([{ id: 'gone', before: doc('gone', 'r1'), after: null }])])
      expect(storage.get('gone')).toBeUndefined()
      expect(storage.size).toBe(0)
      expect(storage.transactionsForDocuments(['gone'])).toHaveLength(2)
    },
  ],
  [
    'refuses a batch holding a used transaction id, and writes none of it',
    (backend) => {
      const storage = backend.open('all-or-none')
      const used = create(doc('kept', 'r1'))
      storage.commit([used])
      const fresh = create(doc('never', 'r1'))
      expect(() => storage.commit([fresh, { ...create(doc('other', 'r1')), id: used.id }])).toThrow()
      expect(storage.get('never')).toBeUndefined()
      expect(storage.hasTransaction(fresh.id)).toBe(false)
      expect([storage.revision, storage.lastSeq(), storage.size]).toEqual([1, 1, 1])
    },
  ],
  [
    'finds the transactions of given documents, oldest first, each once',
    (backend) => {
      const storage = backend.open('by-document')
      const a = create(doc('a', 'r1'))
      const b = create(doc('b', 'r1'))
      const both = transaction([
        { id: 'a', before: doc('a', 'r1'), after: doc('a', 'r2') },
        { id: 'b', before: doc('b', 'r1'), after: doc('b', 'r2') },
      ])
      storage.commit([a, create(doc('c', 'r1')), b, both])
      const found = storage.transactionsForDocuments(['b', 'a'])
      expect(found.map(({ transaction }) => transaction.id)).toEqual([a.id, b.id, both.id])
      expect(found.map(({ seq }) => seq)).toEqual([1, 3, 4])
      expect(storage.transactionsForDocuments([])).toEqual([])
      expect(storage.transactionsForDocuments(['nobody'])).toEqual([])
    },
  ],
  [
    'finds the transactions under an id prefix, and nothing beside it',
    (backend) => {
      const storage = backend.open('by-prefix')
      const draft = create(doc('drafts.a', 'r1'))
      const version = create(doc('versions.r1.a', 'r1'))
      const published = create(doc('a', 'r1'))
      const neighbour = create(doc('draftsz', 'r1'))
      storage.commit([draft, published, version, neighbour])
      expect(storage.transactionsUnder('drafts.').map(({ transaction }) => transaction.id)).toEqual([
        draft.id,
      ])
      expect(storage.transactionsUnder('versions.').map(({ seq }) => seq)).toEqual([3])
      expect(() => storage.transactionsUnder('')).toThrow()
    },
  ],
  [
    'pages the log after a sequence number',
    (backend) => {
      const storage = backend.open('paging')
      const all = ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => create(doc(id, 'r1')))
      storage.commit(all)
      expect(storage.transactionsSince(1, 2).map(({ seq }) => seq)).toEqual([2, 3])
      expect(storage.transactionsSince(4, 10).map(({ transaction }) => transaction.id)).toEqual([all[4]?.id])
      expect(storage.transactionsSince(5, 10)).toEqual([])
    },
  ],
  [
    'looks transactions up by id, whole',
    (backend) => {
      const storage = backend.open('by-id')
      const written = create(doc('a', 'r1', { body: { nested: [1, 2] } }))
      storage.commit([written])
      expect(storage.hasTransaction(written.id)).toBe(true)
      expect(storage.transaction(written.id)).toEqual(written)
      expect(storage.hasTransaction('no-such')).toBe(false)
      expect(storage.transaction('no-such')).toBeUndefined()
    },
  ],
  [
    'hands out copies of transactions: changing one changes nothing stored',
    (backend) => {
      const storage = backend.open('copies')
      const written = create(doc('a', 'r1'))
      storage.commit([written])
      const read = storage.transaction(written.id)
      read?.mutations.push('tampered')
      written.mutations.push('tampered too')
      expect(storage.transaction(written.id)?.mutations).toEqual([{ test: written.id }])
    },
  ],
  [
    'keeps what was committed when the dataset is opened again',
    (backend) => {
      const first = backend.open('reopened')
      const written = create(doc('a', 'r1'))
      first.commit([written])
      first.close()
      const again = backend.open('reopened')
      expect(again.get('a')).toMatchObject({ _rev: 'r1' })
      expect(again.size).toBe(1)
      expect(again.lastSeq()).toBe(1)
      expect(again.hasTransaction(written.id)).toBe(true)
      again.close()
    },
  ],
  [
    'forgets a removed dataset, and keeps datasets apart',
    (backend) => {
      const removed = backend.open('removed')
      removed.commit([create(doc('a', 'r1'))])
      const other = backend.open('other')
      other.commit([create(doc('b', 'r1'))])
      removed.close()
      backend.remove('removed')
      const fresh = backend.open('removed')
      expect([fresh.size, fresh.lastSeq()]).toEqual([0, 0])
      expect(fresh.get('b')).toBeUndefined()
      expect(other.get('b')).toBeDefined()
    },
  ],
]

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const backends: Array<[string, () => StorageBackend]> = [
  ['memory', () => memoryBackend()],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'lake-storage-'))
      dirs.push(dir)
      return sqliteBackend(dir)
    },
  ],
]

describe.each(backends)('%s storage', (_name, makeBackend) => {
  it.each(cases)('%s', (_case, run) => run(makeBackend()))
})
