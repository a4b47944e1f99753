/**
 * The hosted Content Source Map, as @sanity/client's `ContentSourceMap` types it: lookup tables
 * of documents and source paths, and a mapping per result path (a JSONPath with index segments).
 */
export interface ContentSourceMap {
  documents: { _id: string; _type: string }[]
  paths: string[]
  mappings: Record<string, DocumentValueMapping>
}

/** The one kind of mapping the lake emits: a value copied from a place in a stored document. */
export interface DocumentValueMapping {
  type: 'value'
  source: { type: 'documentValue'; document: number; path: number }
}

export const emptySourceMap = (): ContentSourceMap => ({ documents: [], paths: [], mappings: {} })
