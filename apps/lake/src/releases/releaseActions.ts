import { badRequest, releaseExists, releaseNotFound, releaseStateConflict } from '../errors.ts'
import { type ActionBody, copyOf, isPlainObject, remove, type StepFor } from '../store/actionFields.ts'
import type { ParsedMutation } from '../store/mutations.ts'
import type { Lookup } from '../store/transactions.ts'
import { applyPatch } from '../store/workingCopy.ts'
import { asRelease, patchRelease, publishMutations, releaseIdOf } from './publishRelease.ts'
import {
  isReleaseDocument,
  isValidReleaseId,
  RELEASE_STATES,
  RELEASE_TYPE,
  RELEASE_TYPES,
  type ReleaseDocument,
  type ReleaseState,
  releaseDocumentId,
  versionPrefix,
} from './releaseDocument.ts'

/**
 * `sanity.action.release.*`: a release's lifecycle, as plan steps. Each checks the release's state
 * as the earlier actions of the request left it, and its mutations are tagged with the release,
 * which is what lets them write the release document and the versions of a locked release.
 */
const create: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  const metadata = metadataField(action.metadata, index)
  return (current) => {
    const id = releaseDocumentId(releaseId)
    if (current(id)) throw releaseExists(index, releaseId)
    const body = {
      _id: id,
      _type: RELEASE_TYPE,
      name: releaseId,
      state: 'active',
      metadata: { ...metadata, releaseType: metadata.releaseType ?? 'undecided' },
    }
    return asRelease(releaseId, [{ name: 'createOrReplace', body }])
  }
}

/** Patches the release's `metadata` (title, description, release type, intended date); nothing else. */
const edit: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  if (!isPlainObject(action.patch)) throw badRequest(`Action at index ${index}: "patch" must be an object`)
  const patch = action.patch
  return (current) => {
    const release = existingRelease(current, releaseId, index)
    requireState(release, ['active', 'scheduled'], index, 'only an active or scheduled release can be edited')
    const edited = applyPatch(release, { ...patch, id: release._id }, at(index))
    const { metadata: _before, _rev: _r1, _updatedAt: _u1, ...rest } = release
    const { metadata, _rev: _r2, _updatedAt: _u2, ...editedRest } = edited
    if (JSON.stringify(rest) !== JSON.stringify(editedRest))
      throw badRequest(`Action at index ${index}: a release edit may only change "metadata"`)
    checkMetadata(metadataField(metadata, index), index)
    return asRelease(releaseId, [
      { name: 'createOrReplace', body: { ...copyOf(release, release._id), metadata } },
    ])
  }
}

const publish: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  return (current, context) => {
    const release = existingRelease(current, releaseId, index)
    requireState(release, ['active'], index, 'only an active release can be published (unschedule it first)')
    return publishMutations(release, current, context)
  }
}

/** Takes an active release out of the way: its versions go, and the release keeps their ids. */
const archive: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  return (current, context) => {
    const release = existingRelease(current, releaseId, index)
    requireState(release, ['active'], index, 'only an active release can be archived (unschedule it first)')
    const versionIds = context.idsUnder(versionPrefix(releaseId))
    const archived = patchRelease(release, {
      set: { state: 'archived', finalDocumentStates: versionIds.map((id) => ({ id })) },
    })
    return asRelease(releaseId, [...versionIds.map(remove), archived])
  }
}

/** Brings an archived release back with its versions, as they were when it was archived. */
const unarchive: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  return (current, context) => {
    const release = existingRelease(current, releaseId, index)
    requireState(release, ['archived'], index, 'only an archived release can be unarchived')
    const restored = (release.finalDocumentStates ?? []).flatMap(({ id }): ParsedMutation[] => {
      const last = current(id) ? null : context.lastRevision(id)
      return last ? [{ name: 'createOrReplace', body: copyOf(last, id) }] : []
    })
    const active = patchRelease(release, { set: { state: 'active' }, unset: ['finalDocumentStates'] })
    return asRelease(releaseId, [...restored, active])
  }
}

/**
 * Queues the release for `publishAt`, when the lake's scheduler publishes it; until then it is
 * locked. A time already past is due at once: the Studio checks its permission to schedule with a
 * dry run at "now", and a release that fell due is published, not refused.
 */
const schedule: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  const publishAt = dateField(action.publishAt, 'publishAt', index)
  return (current) => {
    const release = existingRelease(current, releaseId, index)
    requireState(release, ['active', 'scheduled'], index, 'only an active release can be scheduled')
    // Scheduling again is a new attempt: a failed one's reason goes.
    const scheduled = patchRelease(release, {
      set: { state: 'scheduled', publishAt, 'metadata.releaseType': 'scheduled' },
      unset: ['error'],
    })
    return asRelease(releaseId, [scheduled])
  }
}

const unschedule: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  return (current) => {
    const release = existingRelease(current, releaseId, index)
    requireState(release, ['scheduled'], index, 'only a scheduled release can be unscheduled')
    return asRelease(releaseId, [patchRelease(release, { set: { state: 'active' }, unset: ['publishAt'] })])
  }
}

/** Removes a release that is done with: archived or published (its versions are gone already). */
const deleteRelease: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  return (current, context) => {
    const release = existingRelease(current, releaseId, index)
    requireState(
      release,
      ['archived', 'published'],
      index,
      'only an archived or published release can be deleted',
    )
    const leftovers = context.idsUnder(versionPrefix(releaseId))
    return asRelease(releaseId, [...leftovers.map(remove), remove(release._id)])
  }
}

/** What `sanity dataset import` sends for each release document of an export. */
const importRelease: StepFor = (action, index) => {
  const releaseId = releaseIdField(action, index)
  const given = action.attributes ?? action.document
  if (!isPlainObject(given))
    throw badRequest(`Action at index ${index}: "attributes" must be a release document`)
  const ifExists = action.ifExists ?? 'fail'
  if (ifExists !== 'fail' && ifExists !== 'ignore' && ifExists !== 'replace')
    throw badRequest(`Action at index ${index}: "ifExists" must be "fail", "ignore" or "replace"`)
  const metadata = metadataField(given.metadata, index)
  const { _rev: _r, _updatedAt: _u, ...content } = given
  const body = {
    ...content,
    _id: releaseDocumentId(releaseId),
    _type: RELEASE_TYPE,
    name: releaseId,
    state: importedState(given.state),
    metadata: { ...metadata, releaseType: metadata.releaseType ?? 'undecided' },
  }
  return (current) => {
    if (current(body._id) && ifExists !== 'replace') {
      if (ifExists === 'ignore') return []
      throw releaseExists(index, releaseId, 'import it with ifExists "replace" or "ignore"')
    }
    return asRelease(releaseId, [{ name: 'createOrReplace', body }])
  }
}

export const RELEASE_STEPS: Record<string, StepFor> = Object.fromEntries(
  Object.entries({
    create,
    edit,
    publish,
    archive,
    unarchive,
    schedule,
    unschedule,
    delete: deleteRelease,
    import: importRelease,
  }).map(([name, step]) => [`sanity.action.release.${name}`, step]),
)

const at = (index: number) => ({ index, label: `Action at index ${index}` })

function releaseIdField(action: ActionBody, index: number): string {
  const value = action.releaseId
  if (!isValidReleaseId(value))
    throw badRequest(
      `Action at index ${index}: "releaseId" must be a release id (letters, digits, "_" and "-")`,
    )
  return value
}

export function existingRelease(current: Lookup, releaseId: string, index: number): ReleaseDocument {
  const release = current(releaseDocumentId(releaseId))
  if (!isReleaseDocument(release)) throw releaseNotFound(index, releaseId)
  return release
}

function requireState(
  release: ReleaseDocument,
  allowed: ReleaseState[],
  index: number,
  requirement: string,
): void {
  if (!allowed.includes(release.state))
    throw releaseStateConflict(index, releaseIdOf(release), release.state, requirement)
}

function metadataField(value: unknown, index: number): Record<string, unknown> {
  if (value === undefined) return {}
  if (!isPlainObject(value)) throw badRequest(`Action at index ${index}: "metadata" must be an object`)
  checkMetadata(value, index)
  return value
}

function checkMetadata(metadata: Record<string, unknown>, index: number): void {
  const { releaseType, cardinality, intendedPublishAt } = metadata
  if (releaseType !== undefined && !(RELEASE_TYPES as readonly unknown[]).includes(releaseType))
    throw badRequest(
      `Action at index ${index}: "metadata.releaseType" must be one of ${RELEASE_TYPES.join(', ')}`,
    )
  if (cardinality !== undefined && cardinality !== 'many' && cardinality !== 'one')
    throw badRequest(`Action at index ${index}: "metadata.cardinality" must be "many" or "one"`)
  if (intendedPublishAt !== undefined) dateField(intendedPublishAt, 'metadata.intendedPublishAt', index)
}

function dateField(value: unknown, field: string, index: number): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw badRequest(`Action at index ${index}: "${field}" must be an ISO date-time`)
  return new Date(value).toISOString()
}

// Hosted's passing states (a job was running when it exported) land where that job would have.
const SETTLED: Record<string, ReleaseState> = {
  scheduling: 'scheduled',
  publishing: 'scheduled',
  archiving: 'archived',
  unarchiving: 'active',
}

function importedState(state: unknown): ReleaseState {
  if ((RELEASE_STATES as readonly unknown[]).includes(state) && state !== 'publishing')
    return state as ReleaseState
  return (typeof state === 'string' && SETTLED[state]) || 'active'
}
