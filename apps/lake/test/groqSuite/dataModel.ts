import { isDeepStrictEqual } from 'node:util'
import { isSystemId, type LakeDataset } from './suiteDatasets.ts'

type Document = Record<string, unknown>

/**
 * How a lake dataset may differ from the suite's documents, and only these, each the data model
 * hosted has too: every stored document carries `_rev`, `_createdAt` and `_updatedAt`; every
 * dataset holds the fixed `_.groups.*` documents (visible to an administrator's raw `*`); and
 * system documents (`_.releases.*`) are written by the lake's own actions, never by a mutation.
 */
export const CAUSES = {
  systemFields: 'stored system fields (_rev, _createdAt, _updatedAt)',
  groups: 'the fixed _.groups.* documents every dataset holds',
  systemDocuments: 'suite documents under _. that only the lake writes',
} as const

export type Cause = keyof typeof CAUSES

const SYSTEM_FIELDS = ['_rev', '_createdAt', '_updatedAt'] as const
const isGroupId = (id: unknown) => typeof id === 'string' && id.startsWith('_.groups.')

/** The causes that apply to a dataset, each a way to undo it on the stored documents. */
export function causesOf(dataset: LakeDataset): Cause[] {
  const causes: Cause[] = ['systemFields', 'groups']
  return dataset.systemDocuments.length > 0 ? [...causes, 'systemDocuments'] : causes
}

/** The stored documents with the given causes undone: what the suite's documents would look like through the lake without them. */
export function undo(dataset: LakeDataset, causes: readonly Cause[]): Document[] {
  const original = new Map((dataset.suite.documents ?? []).map((doc) => [doc._id, doc]))
  let documents = dataset.stored
  if (causes.includes('groups'))
    documents = documents.filter((doc) => !(isGroupId(doc._id) && !original.has(doc._id)))
  if (causes.includes('systemFields'))
    documents = documents.map((doc) => withFieldsOf(doc, original.get(doc._id)))
  if (causes.includes('systemDocuments')) documents = [...documents, ...dataset.systemDocuments]
  return documents
}

function withFieldsOf(stored: Document, original: Document | undefined): Document {
  if (!original) return stored
  const restored = { ...stored }
  for (const field of SYSTEM_FIELDS) {
    if (Object.hasOwn(original, field)) restored[field] = original[field]
    else delete restored[field]
  }
  return restored
}

/**
 * Checks that the lake stored the suite's documents and nothing else: with every cause undone,
 * exactly the suite's documents, field for field. Returns what differs, or undefined.
 */
export function storedAsSent(dataset: LakeDataset): string | undefined {
  const byId = (documents: Document[]) =>
    new Map(documents.map((doc) => [String(doc._id), JSON.parse(JSON.stringify(doc)) as Document]))
  const expected = byId(dataset.suite.documents ?? [])
  const actual = byId(undo(dataset, causesOf(dataset)))
  for (const [id, doc] of expected) {
    if (!isDeepStrictEqual(actual.get(id), doc))
      return `document "${id}" was stored as ${JSON.stringify(actual.get(id))}`
  }
  for (const id of actual.keys()) if (!expected.has(id)) return `document "${id}" is not the suite's`
  for (const doc of dataset.systemDocuments)
    if (!isSystemId(doc._id)) return `"${doc._id}" is not a system id`
  return undefined
}

/** Every non-empty combination of the causes, fewest first, so a difference is put down to the least. */
export function combinations(causes: readonly Cause[]): Cause[][] {
  const all: Cause[][] = []
  for (let mask = 1; mask < 1 << causes.length; mask++) all.push(causes.filter((_, bit) => mask & (1 << bit)))
  return all.sort((a, b) => a.length - b.length)
}
