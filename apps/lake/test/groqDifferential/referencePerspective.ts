import type { SanityDocument } from '../../src/store/types.ts'

/**
 * The documents a perspective shows, written from Sanity's documented perspective rules and not
 * from the lake's code (src/groq/perspective.ts), so the differential test compares two readings
 * of the rules rather than one piece of code with itself. groq-js 2.0.1 has no perspectives of
 * its own (its evaluate options have none), which is why the test needs this.
 * - `raw`: every stored document, drafts and release versions included.
 * - `published`: documents that are neither drafts (`drafts.<id>`) nor versions
 *   (`versions.<release>.<id>`).
 * - a stack such as `drafts` or `["rA", "drafts"]`: for each published id, the document from the
 *   first layer (release, then drafts, then published) that has one, shown under the published
 *   id with `_originalId` naming the document it came from; a release version whose
 *   `_system.delete` is true unpublishes the document in that view.
 * Output is in dataset order: ascending `_id` as shown (see src/groq/view.ts).
 */
export type PerspectiveName = 'raw' | 'published' | 'drafts' | string[]

const DRAFTS = 'drafts.'
const VERSIONS = 'versions.'

function layerOf(id: string): { layer: string; publishedId: string } {
  if (id.startsWith(DRAFTS)) return { layer: 'drafts', publishedId: id.slice(DRAFTS.length) }
  if (id.startsWith(VERSIONS)) {
    const [release = '', ...rest] = id.slice(VERSIONS.length).split('.')
    return { layer: release, publishedId: rest.join('.') }
  }
  return { layer: 'published', publishedId: id }
}

const byShownId = (a: SanityDocument, b: SanityDocument) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)

export function documentsUnder(stored: SanityDocument[], perspective: PerspectiveName): SanityDocument[] {
  if (perspective === 'raw') return [...stored].sort(byShownId)
  const stack = perspective === 'published' ? [] : perspective === 'drafts' ? ['drafts'] : perspective
  const layers = [...stack, 'published']
  const shown: SanityDocument[] = []
  const publishedIds = new Set(stored.map((doc) => layerOf(doc._id).publishedId))
  for (const publishedId of publishedIds) {
    const winner = layers
      .map((layer) =>
        stored.find(
          (doc) => layerOf(doc._id).layer === layer && layerOf(doc._id).publishedId === publishedId,
        ),
      )
      .find((doc) => doc !== undefined)
    if (!winner) continue
    if (winner._id === publishedId) shown.push(winner)
    else if ((winner._system as { delete?: unknown } | undefined)?.delete !== true)
      shown.push({ ...winner, _id: publishedId, _originalId: winner._id })
  }
  return shown.sort(byShownId)
}
