import type { Dataset, Reader } from './dataset.ts'
import { publishedIdOf } from './ids.ts'

// groq-js's `references()` finds every `_ref` to the id at any depth; the scan runs in a query
// worker (bounded by its timeout), over exactly what the reader may see: anonymous callers and
// viewers without draft access never learn that a draft or release version refers to anything.
const REFERRING = '*[references($id)]._id'

function holdsReference(value: unknown, id: string, toDataset: string | undefined): boolean {
  if (Array.isArray(value)) return value.some((item) => holdsReference(item, id, toDataset))
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  // A cross-dataset reference names its dataset in `_dataset`; a plain one points into its own.
  if (record._ref === id && record._dataset === toDataset) return true
  return Object.values(record).some((field) => holdsReference(field, id, toDataset))
}

/**
 * The ids of the documents in `dataset` that refer to `id`, in dataset order: with `toDataset`,
 * by cross-dataset references into that dataset; without, by plain references. The document's
 * own draft and versions are not among them (the Studio asks before it unpublishes or deletes
 * the whole group).
 */
export async function referringDocuments(
  dataset: Dataset,
  id: string,
  reader: Reader,
  toDataset?: string,
): Promise<string[]> {
  const target = publishedIdOf(id)
  const { resultJson } = await dataset.query(REFERRING, { id: target }, { kind: 'raw' }, reader)
  const candidates = JSON.parse(resultJson) as string[]
  return candidates.filter((candidate) => {
    if (publishedIdOf(candidate) === target) return false
    // `references()` ignores `_dataset`; the stored document says which kind of reference it is.
    return holdsReference(dataset.storage.get(candidate), target, toDataset)
  })
}
