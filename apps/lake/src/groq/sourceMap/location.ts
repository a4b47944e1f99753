import type { SanityDocument } from '../../store/types.ts'

/** A step into a stored value: an attribute name, or an array element with its `_key` when that names it alone. */
export type Segment = string | { index: number; key: string | undefined }

/**
 * A place in one of the view's documents: the document as the view holds it and the steps from
 * its root, linked backwards so that a step down costs one small object, not a copied path.
 */
export interface Location {
  readonly doc: SanityDocument
  readonly parent: Location | undefined
  readonly segment: Segment | undefined
}

export const documentRoot = (doc: SanityDocument): Location => ({
  doc,
  parent: undefined,
  segment: undefined,
})

/** The place of `container[step]`, where `container` is the value at `location`. */
export function childOf(location: Location, container: object, step: string | number): Location {
  const segment: Segment =
    Array.isArray(container) && typeof step === 'number'
      ? { index: step, key: uniqueKeyAt(container, step) }
      : String(step)
  return { doc: location.doc, parent: location, segment }
}

export function segmentsOf(location: Location): Segment[] {
  const segments: Segment[] = []
  for (let at: Location | undefined = location; at?.segment !== undefined; at = at.parent) {
    segments.push(at.segment)
  }
  return segments.reverse()
}

const keyCounts = new WeakMap<unknown[], Map<string, number>>()

/** The element's `_key`, unless it has none or shares it with another element (then only its index names it). */
function uniqueKeyAt(array: unknown[], index: number): string | undefined {
  const key = keyOf(array[index])
  if (key === undefined) return undefined
  let counts = keyCounts.get(array)
  if (!counts) {
    counts = new Map()
    for (const item of array) {
      const itemKey = keyOf(item)
      if (itemKey !== undefined) counts.set(itemKey, (counts.get(itemKey) ?? 0) + 1)
    }
    keyCounts.set(array, counts)
  }
  return counts.get(key) === 1 ? key : undefined
}

function keyOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined
  const key = (item as { _key?: unknown })._key
  return typeof key === 'string' && key !== '' ? key : undefined
}
