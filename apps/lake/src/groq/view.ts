import type { SanityDocument } from '../store/types.ts'

/** A perspective's documents with the indexes queries use: by `_id` and by `_type`. */
export class DocumentView {
  readonly documents: SanityDocument[]
  readonly byId = new Map<string, SanityDocument>()
  readonly byType = new Map<string, SanityDocument[]>()

  constructor(documents: SanityDocument[]) {
    this.documents = documents
    for (const doc of documents) {
      this.byId.set(doc._id, doc)
      const list = this.byType.get(doc._type)
      if (list) list.push(doc)
      else this.byType.set(doc._type, [doc])
    }
  }
}
