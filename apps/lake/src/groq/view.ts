import type { SanityDocument } from '../store/types.ts'

/**
 * Dataset order, the order in which `*` yields documents to groq-js (and so the order of every
 * unordered result): ascending `_id` as the view shows it (under a layered perspective that is
 * the published id, not the draft's or version's), compared by UTF-16 code units like JavaScript's
 * `<`. Ids are ASCII, so this is also byte order and SQLite's BINARY collation. It depends only on
 * the documents, never on the order they were written, loaded or replicated in, so a query answers
 * the same before and after a restart, on every worker, under every perspective.
 */
export function compareDatasetOrder(a: SanityDocument, b: SanityDocument): number {
  return a._id < b._id ? -1 : a._id > b._id ? 1 : 0
}

/** Documents in dataset order, for everything that hands documents out in bulk (queries, exports). */
export function inDatasetOrder(documents: Iterable<SanityDocument>): SanityDocument[] {
  return [...documents].sort(compareDatasetOrder)
}

/**
 * A perspective's documents in dataset order, with the indexes queries use: by `_id` and by
 * `_type`. Index entries keep dataset order: `byType` lists are in it, and `positionOf` lets the
 * planner put any set of candidates back in it.
 */
export class DocumentView {
  readonly documents: SanityDocument[]
  readonly byId = new Map<string, SanityDocument>()
  readonly byType = new Map<string, SanityDocument[]>()
  readonly #positions = new Map<SanityDocument, number>()

  constructor(documents: SanityDocument[]) {
    // Callers hand over documents mostly in dataset order already (the replica loads sorted and
    // appends new ids), and V8's TimSort is near-linear on such runs.
    this.documents = inDatasetOrder(documents)
    for (const [position, doc] of this.documents.entries()) {
      this.byId.set(doc._id, doc)
      this.#positions.set(doc, position)
      const list = this.byType.get(doc._type)
      if (list) list.push(doc)
      else this.byType.set(doc._type, [doc])
    }
  }

  /** Where a document of this view stands in dataset order. */
  positionOf(doc: SanityDocument): number {
    return this.#positions.get(doc) ?? -1
  }
}
