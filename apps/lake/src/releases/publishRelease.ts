import { copyOf, remove } from '../store/actionFields.ts'
import { DRAFTS_PREFIX, publishedIdOf } from '../store/ids.ts'
import type { ParsedMutation } from '../store/mutations.ts'
import { strengthenOnPublish } from '../store/strongReferences.ts'
import type { Lookup, StepContext } from '../store/transactions.ts'
import type { SanityDocument } from '../store/types.ts'
import {
  isDeleteMarker,
  type ReleaseDocument,
  releaseDocumentId,
  releaseIdOfDocument,
  versionPrefix,
} from './releaseDocument.ts'

/** Marks mutations as made by a release's own action, which the workflow guard lets through. */
export function asRelease(releaseId: string, mutations: ParsedMutation[]): ParsedMutation[] {
  const workflow = releaseDocumentId(releaseId)
  return mutations.map((mutation) => ({ ...mutation, workflow }))
}

export function releaseIdOf(release: ReleaseDocument): string {
  return releaseIdOfDocument(release._id) ?? release.name
}

/** A patch of the release document itself. */
export function patchRelease(
  release: ReleaseDocument,
  operations: { set?: Record<string, unknown>; unset?: string[] },
): ParsedMutation {
  return { name: 'patch', body: { id: release._id, ...operations } }
}

/**
 * Publishing a release, as one transaction's mutations: every version replaces its published
 * document (a `_system.delete` marker unpublishes it instead, keeping its content as the draft
 * when there is none, as `document.unpublish` does), the versions go, and the release records
 * which versions it published (`finalDocumentStates`, whose last revisions the Studio reads from
 * history). The same for an editor's publish and the scheduler's.
 */
export function publishMutations(
  release: ReleaseDocument,
  current: Lookup,
  context: StepContext,
): ParsedMutation[] {
  const releaseId = releaseIdOf(release)
  const versionIds = context.idsUnder(versionPrefix(releaseId))
  const published = versionIds.flatMap((id) => {
    const version = current(id)
    return version ? [...publishVersion(version, current), remove(id)] : []
  })
  const finish = patchRelease(release, {
    set: {
      state: 'published',
      publishedAt: context.timestamp,
      finalDocumentStates: versionIds.map((id) => ({ id })),
    },
    // An earlier scheduled attempt's failure is over.
    unset: ['error'],
  })
  return asRelease(releaseId, [...published, finish])
}

function publishVersion(version: SanityDocument, current: Lookup): ParsedMutation[] {
  const publishedId = publishedIdOf(version._id)
  if (isDeleteMarker(version)) return unpublish(publishedId, current)
  const { _system: _marker, ...content } = copyOf(version, publishedId)
  return [{ name: 'createOrReplace', body: strengthenOnPublish(content) }]
}

function unpublish(publishedId: string, current: Lookup): ParsedMutation[] {
  const published = current(publishedId)
  if (!published) return []
  const draftId = `${DRAFTS_PREFIX}${publishedId}`
  const keepAsDraft: ParsedMutation[] = current(draftId)
    ? []
    : [{ name: 'create', body: copyOf(published, draftId) }]
  return [...keepAsDraft, remove(publishedId)]
}
