import type { Lookup } from '../store/transactions.ts'
import { releaseDocumentId, releaseIdOfDocument, releaseIdOfVersion } from './releaseDocument.ts'

/**
 * Why a write to `id` is refused, or undefined when it may go ahead. A release document changes
 * only through its own release actions; the versions of a release that is not active (scheduled,
 * publishing, published, archived) are locked, as on hosted Sanity, so nothing changes a
 * release between scheduling and publishing it. `asRelease` is the release whose action wrote it.
 */
export function releaseWriteRefusal(
  id: string,
  asRelease: string | undefined,
  current: Lookup,
): string | undefined {
  const ownRelease = releaseIdOfDocument(id)
  if (ownRelease !== undefined) {
    return ownRelease === asRelease
      ? undefined
      : `"${id}" is a release document: it changes only through release actions (sanity.action.release.*)`
  }
  const releaseId = releaseIdOfVersion(id)
  if (releaseId === undefined || releaseId === asRelease) return undefined
  const state = current(releaseDocumentId(releaseId))?.state
  if (state === undefined || state === 'active') return undefined
  const until = state === 'scheduled' ? ' until it is unscheduled' : ''
  return `Release "${releaseId}" is ${String(state)}: its documents cannot change${until}`
}
