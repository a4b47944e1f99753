import type { SanityDocument } from '../store/types.ts'
import { overlay, type Perspective, perspectiveKey } from './perspective.ts'
import { DocumentView } from './view.ts'
import type { ReplicaChange } from './workerProtocol.ts'

/**
 * A query worker's copy of one dataset at one revision, and the per-perspective views queries
 * run on (rebuilt lazily after a change, as the main thread did before queries moved here).
 */
export class DatasetReplica {
  #revision: number
  readonly #documents = new Map<string, SanityDocument>()
  readonly #views = new Map<string, { revision: number; view: DocumentView }>()

  constructor(revision: number, documents: Iterable<SanityDocument>) {
    this.#revision = revision
    for (const doc of documents) this.#documents.set(doc._id, doc)
  }

  get revision(): number {
    return this.#revision
  }

  /** A document as stored, under its own id (a draft as `drafts.<id>`). */
  document(id: string): SanityDocument | undefined {
    return this.#documents.get(id)
  }

  apply(revision: number, changes: ReplicaChange[]): void {
    for (const { id, after } of changes) {
      if (after) this.#documents.set(id, after)
      else this.#documents.delete(id)
    }
    this.#revision = revision
  }

  /**
   * Every document, drafts and versions included, with `changes` laid over them: what a
   * transaction sees midway, after its earlier mutations. Built for the one selection (it is not
   * this revision's), so only when there are changes.
   */
  rawViewWith(changes: ReplicaChange[]): DocumentView {
    if (changes.length === 0) return this.view({ kind: 'raw' }, false)
    const documents = new Map(this.#documents)
    for (const { id, after } of changes) {
      if (after) documents.set(id, after)
      else documents.delete(id)
    }
    return new DocumentView([...documents.values()])
  }

  /**
   * The documents a perspective sees. `publicOnly` hides every id with a path (`drafts.`,
   * `versions.`, anything with a dot), which is what anonymous callers may read.
   */
  view(perspective: Perspective, publicOnly: boolean): DocumentView {
    const key = `${publicOnly ? 'public:' : ''}${perspectiveKey(perspective)}`
    const cached = this.#views.get(key)
    if (cached && cached.revision === this.#revision) return cached.view
    const all = this.#documents.values()
    const view = new DocumentView(overlay(publicOnly ? publicDocuments(all) : all, perspective))
    this.#views.set(key, { revision: this.#revision, view })
    return view
  }
}

function* publicDocuments(documents: Iterable<SanityDocument>): Iterable<SanityDocument> {
  for (const doc of documents) if (!doc._id.includes('.')) yield doc
}
