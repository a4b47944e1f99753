import type { DocumentView } from '../view.ts'
import { childOf, documentRoot, type Location } from './location.ts'

/** Where an object or array of the view's documents sits, found by identity. */
export type Locate = (value: object) => Location | undefined

const indexes = new WeakMap<DocumentView, WeakMap<object, Location>>()

/**
 * groq-js hands out the very objects and arrays of the documents it was given (attribute access,
 * dereference, slices and filters copy no values), so a value of the result that is one of them
 * says by itself where it came from. The index covers every document of the view; it is built on
 * the first source-mapped query of a view and lives as long as the view (until the next write).
 */
export function locatorFor(view: DocumentView): Locate {
  let index = indexes.get(view)
  if (!index) {
    index = indexDocuments(view)
    indexes.set(view, index)
  }
  const found = index
  return (value) => found.get(value)
}

function indexDocuments(view: DocumentView): WeakMap<object, Location> {
  const index = new WeakMap<object, Location>()
  const pending: { value: object; location: Location }[] = view.documents.map((doc) => ({
    value: doc,
    location: documentRoot(doc),
  }))
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, location } = next
    // A value met twice (never, in JSON-parsed documents) keeps its first place.
    if (index.has(value)) continue
    index.set(value, location)
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, position) => [position, item])
      : Object.entries(value)
    for (const [step, item] of entries) {
      if (typeof item === 'object' && item !== null) {
        pending.push({ value: item, location: childOf(location, value, step) })
      }
    }
  }
  return index
}
