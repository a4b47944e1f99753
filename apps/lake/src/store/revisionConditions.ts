import type { SanityDocument } from './types.ts'

/**
 * The revision precondition (`ifRevisionID` on a mutation, `ifDraftRevisionId` and
 * `ifPublishedRevisionId` on actions), written once. Callers pass the document as the
 * transaction's working copy has it, so a precondition sees what the earlier steps of the same
 * request left behind. Returns why it fails, or undefined when it holds or none was asked.
 */
export function revisionMismatch(
  id: string,
  doc: SanityDocument | null,
  expected: unknown,
): string | undefined {
  if (typeof expected !== 'string' || doc?._rev === expected) return undefined
  return `Document "${id}" has unexpected revision ID ("${doc?._rev}"), expected "${expected}"`
}
