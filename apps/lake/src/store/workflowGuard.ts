import { releaseDocumentId, releaseIdOfVersion } from '../releases/releaseDocument.ts'
import type { Lookup } from './transactions.ts'

/**
 * The documents of the lake's own workflows: releases and (legacy) publishing schedules. Each
 * changes only through its own operations, which tag their mutations with its id (`workflow`).
 */
const WORKFLOW_PREFIXES = ['_.releases.', '_.schedules.']

/**
 * Why a write to `id` is refused, or undefined when it may go ahead. A workflow document changes
 * only through its own operations; the versions of a release that is not active (scheduled,
 * publishing, published, archived) are locked, as on hosted Sanity, so nothing changes a release
 * between scheduling and publishing it. `workflow` is the workflow document whose operation wrote it.
 */
export function workflowWriteRefusal(
  id: string,
  workflow: string | undefined,
  current: Lookup,
): string | undefined {
  if (WORKFLOW_PREFIXES.some((prefix) => id.startsWith(prefix))) {
    return workflow === id
      ? undefined
      : `"${id}" is the lake's own document: it changes only through its actions (sanity.action.release.*, /schedules)`
  }
  const releaseId = releaseIdOfVersion(id)
  if (releaseId === undefined || workflow === releaseDocumentId(releaseId)) return undefined
  const state = current(releaseDocumentId(releaseId))?.state
  if (state === undefined || state === 'active') return undefined
  const until = state === 'scheduled' ? ' until it is unscheduled' : ''
  return `Release "${releaseId}" is ${String(state)}: its documents cannot change${until}`
}
