import type { Segment } from './location.ts'
import type { SourceMapMode } from './mode.ts'

// The escapes @sanity/client's JSONPath parser undoes: inside `['…']` and inside `=='…'`.
const NAME_ESCAPES: Record<string, string> = {
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  "'": "\\'",
  '\\': '\\\\',
}
const escapeName = (name: string) => name.replace(/[\f\n\r\t'\\]/g, (char) => NAME_ESCAPES[char] ?? char)
const escapeKey = (key: string) => key.replace(/['\\]/g, (char) => `\\${char}`)

/** One step of a result path (mapping keys always index arrays). */
export function resultStep(step: string | number): string {
  return typeof step === 'number' ? `[${step}]` : `['${escapeName(step)}']`
}

/** A place in a stored document, as the map's `paths` table holds it. */
export function sourcePath(segments: Segment[], mode: SourceMapMode): string {
  let path = '$'
  for (const segment of segments) {
    if (typeof segment === 'string') path += `['${escapeName(segment)}']`
    else if (mode === 'key' && segment.key !== undefined) path += `[?(@._key=='${escapeKey(segment.key)}')]`
    else path += `[${segment.index}]`
  }
  return path
}
