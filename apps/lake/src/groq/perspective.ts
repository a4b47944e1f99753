import { badRequest } from '../errors.ts'
import { isDeleteMarker, isValidReleaseId } from '../releases/releaseDocument.ts'
import { DRAFTS_PREFIX, isDraftId, isVersionId, publishedIdOf, VERSIONS_PREFIX } from '../store/ids.ts'
import type { SanityDocument } from '../store/types.ts'

/**
 * A perspective as a list of layers, highest priority first. `published` is always the bottom
 * layer. `raw` is the absence of layering. `previewDrafts` is the older name of `drafts`.
 */
export type Perspective = { kind: 'raw' } | { kind: 'layered'; layers: string[] }

export function parsePerspective(value: string | string[] | undefined): Perspective {
  const names = (Array.isArray(value) ? value : (value ?? 'published').split(','))
    .map((name) => name.trim())
    .filter(Boolean)
  if (names.length === 0) return { kind: 'layered', layers: ['published'] }
  if (names.length === 1 && names[0] === 'raw') return { kind: 'raw' }
  const layers: string[] = []
  for (const raw of names) {
    const name = raw === 'previewDrafts' ? 'drafts' : raw
    if (name === 'raw')
      throw badRequest('Perspective "raw" cannot be combined with others', 'invalidPerspectiveError')
    if (name !== 'drafts' && name !== 'published' && !isValidReleaseId(name))
      throw badRequest(`Invalid perspective "${raw}"`, 'invalidPerspectiveError')
    if (!layers.includes(name)) layers.push(name)
  }
  if (!layers.includes('published')) layers.push('published')
  return { kind: 'layered', layers }
}

export function perspectiveKey(perspective: Perspective): string {
  return perspective.kind === 'raw' ? 'raw' : perspective.layers.join(',')
}

export function includesDrafts(perspective: Perspective): boolean {
  return perspective.kind === 'raw' || perspective.layers.some((layer) => layer !== 'published')
}

function layerOf(id: string): string {
  if (isDraftId(id)) return 'drafts'
  if (isVersionId(id)) return id.slice(VERSIONS_PREFIX.length).split('.')[0] ?? ''
  return 'published'
}

/**
 * The documents a perspective sees: for every published id, the document from the highest layer
 * that has one, under the published id (as the hosted API returns overlaid drafts), with
 * `_originalId` saying where it came from. A release version marked `_system.delete` (the release
 * unpublishes that document) hides it from the perspectives that include the release. The order
 * is incidental: DocumentView (view.ts) puts every view in dataset order before groq-js sees it.
 */
export function overlay(documents: Iterable<SanityDocument>, perspective: Perspective): SanityDocument[] {
  if (perspective.kind === 'raw') return [...documents]
  const rank = new Map(perspective.layers.map((layer, index) => [layer, index]))
  const best = new Map<string, { doc: SanityDocument; rank: number }>()
  for (const doc of documents) {
    const layerRank = rank.get(layerOf(doc._id))
    if (layerRank === undefined) continue
    const id = publishedIdOf(doc._id)
    const seen = best.get(id)
    if (!seen || layerRank < seen.rank) best.set(id, { doc, rank: layerRank })
  }
  const onlyPublished = perspective.layers.length === 1
  return [...best.entries()].flatMap(([id, { doc }]) => {
    if (onlyPublished || doc._id === id) return [doc]
    return isDeleteMarker(doc) ? [] : [{ ...doc, _id: id, _originalId: doc._id }]
  })
}

export { DRAFTS_PREFIX }
