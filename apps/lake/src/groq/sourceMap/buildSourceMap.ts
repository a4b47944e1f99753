import { isDeepStrictEqual } from 'node:util'
import type { SanityDocument } from '../../store/types.ts'
import { PROVENANCE_KEY, ROOT_KEY } from './instrument.ts'
import { resultStep, sourcePath } from './jsonPath.ts'
import { childOf, type Location, segmentsOf } from './location.ts'
import type { SourceMapMode } from './mode.ts'
import { madeBy, type Provenance, sourceOfKey } from './provenance.ts'
import { storedValueAt } from './storedValue.ts'
import type { ContentSourceMap } from './types.ts'

export interface SourceMapInput extends Provenance {
  mode: SourceMapMode
  /** A document as stored (a draft under its `drafts.` id), for the map's ids and for checking. */
  storedDocument(id: string): SanityDocument | undefined
}

/**
 * Walks the instrumented result once: strips the hidden attributes (giving back the plain result)
 * and maps each value whose source it can name. A mapping is written only after reading the
 * source path in the stored document and finding a value equal to the result's there, so a wrong
 * guess costs a missing mapping, never a wrong one. A mapped object or array covers its contents
 * (consumers append the rest of the path), so nothing under it is mapped again.
 */
export function buildSourceMap(instrumentedResult: Record<string, unknown>, input: SourceMapInput) {
  const writer = new SourceMapWriter(input)
  const root = sourceOfKey(instrumentedResult, ROOT_KEY, input)
  const result = writer.walk(instrumentedResult[ROOT_KEY], '$', root)
  return { result, sourceMap: writer.sourceMap }
}

class SourceMapWriter {
  readonly sourceMap: ContentSourceMap = { documents: [], paths: [], mappings: {} }
  readonly #input: SourceMapInput
  readonly #documentIndexes = new Map<string, number>()
  readonly #pathIndexes = new Map<string, number>()

  constructor(input: SourceMapInput) {
    this.#input = input
  }

  walk(value: unknown, resultPath: string, candidate: Location | undefined): unknown {
    if (value === null || value === undefined) return value
    const isObject = typeof value === 'object'
    if (candidate && this.#mapIfVerified(resultPath, candidate, value)) return value
    const located = isObject ? this.#input.locate(value) : undefined
    if (located && located !== candidate && this.#mapIfVerified(resultPath, located, value)) return value
    if (!isObject) return value
    // Not mapped whole (built by the query, or an overlaid draft whose `_id` differs from the
    // stored one): its parts may still be.
    const source = candidate ?? located
    if (Array.isArray(value)) {
      return value.map((item, index) =>
        this.walk(item, resultPath + resultStep(index), source && childOf(source, value, index)),
      )
    }
    const record = value as Record<string, unknown>
    const made = madeBy(record, this.#input)
    const plain: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(record)) {
      if (made && key === PROVENANCE_KEY) continue
      const from = made ? sourceOfKey(record, key, this.#input) : source && childOf(source, record, key)
      plain[key] = this.walk(item, resultPath + resultStep(key), from)
    }
    return plain
  }

  #mapIfVerified(resultPath: string, location: Location, value: unknown): boolean {
    const stored = this.#storedOf(location.doc)
    if (!stored) return false
    const segments = segmentsOf(location)
    if (!isDeepStrictEqual(storedValueAt(stored, segments, this.#input.mode), value)) return false
    this.sourceMap.mappings[resultPath] = {
      type: 'value',
      source: {
        type: 'documentValue',
        document: this.#documentIndex(stored),
        path: this.#pathIndex(sourcePath(segments, this.#input.mode)),
      },
    }
    return true
  }

  /**
   * The stored document behind one of the view's: itself, or, for a draft or release version
   * overlaid under the published id, the document `_originalId` names.
   */
  #storedOf(doc: SanityDocument): SanityDocument | undefined {
    const { storedDocument } = this.#input
    if (storedDocument(doc._id) === doc) return doc
    return typeof doc._originalId === 'string' ? storedDocument(doc._originalId) : undefined
  }

  #documentIndex(doc: SanityDocument): number {
    let index = this.#documentIndexes.get(doc._id)
    if (index === undefined) {
      index = this.sourceMap.documents.push({ _id: doc._id, _type: doc._type }) - 1
      this.#documentIndexes.set(doc._id, index)
    }
    return index
  }

  #pathIndex(path: string): number {
    let index = this.#pathIndexes.get(path)
    if (index === undefined) {
      index = this.sourceMap.paths.push(path) - 1
      this.#pathIndexes.set(path, index)
    }
    return index
  }
}
