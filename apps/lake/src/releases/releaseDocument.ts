import { VERSIONS_PREFIX } from '../store/ids.ts'
import type { SanityDocument } from '../store/types.ts'

/**
 * What a Content Release is on the lake, as on the hosted Content Lake: a `system.release`
 * document at `_.releases.<releaseId>`, and its documents at `versions.<releaseId>.<publishedId>`.
 */
export const RELEASE_TYPE = 'system.release'
export const RELEASE_PREFIX = '_.releases.'

/**
 * The lake's states. Hosted Sanity also has `scheduling`, `archiving` and `unarchiving`, which
 * last while its background jobs run; here those changes are one transaction, so nobody sees them.
 */
export const RELEASE_STATES = ['active', 'scheduled', 'publishing', 'published', 'archived'] as const
export type ReleaseState = (typeof RELEASE_STATES)[number]

export const RELEASE_TYPES = ['asap', 'scheduled', 'undecided'] as const

export interface ReleaseDocument extends SanityDocument {
  _type: typeof RELEASE_TYPE
  name: string
  state: ReleaseState
  metadata: Record<string, unknown> & { releaseType: (typeof RELEASE_TYPES)[number] }
  publishAt?: string
  publishedAt?: string
  finalDocumentStates?: Array<{ id: string }>
  /** Why the scheduler could not publish it (it is `active` again), as hosted records it. */
  error?: { message: string }
}

// The hosted API's release names: what a perspective may name, never a built-in perspective.
const RELEASE_ID = /^[a-zA-Z0-9_-]{1,64}$/
const RESERVED = new Set(['drafts', 'published', 'raw', 'previewDrafts'])

export function isValidReleaseId(value: unknown): value is string {
  return typeof value === 'string' && RELEASE_ID.test(value) && !RESERVED.has(value)
}

export const releaseDocumentId = (releaseId: string) => `${RELEASE_PREFIX}${releaseId}`
export const versionPrefix = (releaseId: string) => `${VERSIONS_PREFIX}${releaseId}.`
export const versionId = (releaseId: string, publishedId: string) =>
  `${versionPrefix(releaseId)}${publishedId}`

/** The release a release document is, for `_.releases.<id>`. */
export function releaseIdOfDocument(id: string): string | undefined {
  return id.startsWith(RELEASE_PREFIX) ? id.slice(RELEASE_PREFIX.length) : undefined
}

/** The release a version belongs to, for `versions.<id>.<publishedId>`. */
export function releaseIdOfVersion(id: string): string | undefined {
  if (!id.startsWith(VERSIONS_PREFIX)) return undefined
  const [releaseId, ...rest] = id.slice(VERSIONS_PREFIX.length).split('.')
  return releaseId && rest.length > 0 ? releaseId : undefined
}

export function isReleaseDocument(doc: SanityDocument | null | undefined): doc is ReleaseDocument {
  return doc?._type === RELEASE_TYPE && releaseIdOfDocument(doc._id) !== undefined
}

/** A version that, when its release is published, unpublishes its document instead (`version.unpublish`). */
export function isDeleteMarker(doc: SanityDocument): boolean {
  const system = doc._system as { delete?: unknown } | undefined
  return system?.delete === true
}
