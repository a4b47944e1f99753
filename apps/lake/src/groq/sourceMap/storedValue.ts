import type { Segment } from './location.ts'
import type { SourceMapMode } from './mode.ts'

/**
 * The value a source path names in a stored document, read the way a consumer of the map reads
 * it (a key selector finds the element with that `_key`), or `undefined` if it names nothing.
 */
export function storedValueAt(doc: unknown, segments: Segment[], mode: SourceMapMode): unknown {
  let value = doc
  for (const segment of segments) {
    if (typeof segment === 'string') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
      value = Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined
    } else {
      if (!Array.isArray(value)) return undefined
      value =
        mode === 'key' && segment.key !== undefined
          ? value.find((item) => (item as { _key?: unknown } | null)?._key === segment.key)
          : value[segment.index]
    }
    if (value === undefined) return undefined
  }
  return value
}
