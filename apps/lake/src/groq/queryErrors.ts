import { queryTooLong } from '../errors.ts'

/** Refuses query text over the cap before anything parses it. */
export function assertQuerySize(query: string, method: 'GET' | 'POST', maxBytes: number): void {
  // Cheap bound first: UTF-8 needs at most 3 bytes per UTF-16 code unit.
  if (query.length * 3 <= maxBytes) return
  const bytes = Buffer.byteLength(query)
  if (bytes > maxBytes) throw queryTooLong(method, bytes, maxBytes)
}
