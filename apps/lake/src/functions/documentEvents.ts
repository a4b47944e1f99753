import type { CommittedTransaction, DocumentChange } from '../store/types.ts'
import { evaluateChange, parseChangeQuery } from '../webhooks/payloads.ts'
import type { DocumentEventName, LakeFunction } from './declarations.ts'

export interface DocumentEvent {
  documentId: string
  /** `event.data`: the projection of the document, or the document when there is none. */
  data: unknown
}

/** Which of hosted's event names a change is: `publish` is any write of a published document. */
function eventNames(change: DocumentChange): DocumentEventName[] {
  if (!change.before) return change.after && isPublished(change.id) ? ['create', 'publish'] : ['create']
  if (!change.after) return ['delete']
  return isPublished(change.id) ? ['update', 'publish'] : ['update']
}

const isPublished = (id: string) => !id.includes('.')

/** Drafts and release versions only when the function asks for them; the lake's own system documents never. */
function inScope(fn: LakeFunction, id: string): boolean {
  if (isPublished(id)) return true
  if (id.startsWith('drafts.')) return fn.includeDrafts
  if (id.startsWith('versions.')) return fn.includeAllVersions
  return false
}

/**
 * The events one transaction gives a document function, one per changed document its `on`,
 * scope and GROQ filter let through, with the payload hosted sends: the projection, evaluated in
 * delta mode (`before()`, `after()`, `delta::`), or the document itself.
 */
export async function documentEventsFor(
  fn: LakeFunction,
  transaction: CommittedTransaction,
): Promise<DocumentEvent[]> {
  const query = parseChangeQuery(fn.filter, fn.projection)
  const events: DocumentEvent[] = []
  for (const change of transaction.changes) {
    if (!inScope(fn, change.id) || !eventNames(change).some((name) => fn.on.includes(name))) continue
    const data = await evaluateChange(query, change)
    if (data !== undefined) events.push({ documentId: change.id, data })
  }
  return events
}
