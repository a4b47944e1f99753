import { ADMIN_TOKEN, SILENT_ID_PREFIX } from './constants'
import { theStory } from './dataset'

/*
 * An older story, written to the lake before `next build`, which the e2e build leaves out: it
 * pre-renders only the newest story (SITE_PRERENDER_STORIES, apps/web/lib/prerender.ts), so this
 * one's pages render on their first request (archive.spec.ts). It names no people and shows the
 * Baldwin story's photos, so other specs meet it only in the lists of every story.
 */

/** How many of the newest stories the e2e build pre-renders: the Baldwin story alone. */
export const E2E_PRERENDERED_STORIES = '1'

export const ARCHIVED_SLUG = 'e2e-archived-story'
export const ARCHIVED_TITLE = 'An archived story'
export const ARCHIVED_HEADINGS = ['Archived slide 1', 'Archived slide 2', 'Archived slide 3']

const API = 'v2025-02-19'

interface StoredImage {
  _type: 'image'
  asset: { _ref: string }
}

/** Writes the archived story to the lake at `lakeUrl`, with the photos of the seeded story's first slides. */
export async function writeArchivedStory(lakeUrl: string): Promise<void> {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }
  const seeded = await fetch(`${lakeUrl}/${API}/data/doc/production/${theStory()._id}`, { headers })
  const { documents } = (await seeded.json()) as {
    documents: Array<{ heroImage?: StoredImage; slides: Array<{ image?: StoredImage }> }>
  }
  const source = documents[0]
  if (!source) throw new Error(`${theStory()._id} is not in the lake`)
  const story = {
    // Silent: written before the site is up, a webhook for it would be retried once the site
    // starts and re-render the story's pages, a second render the archive spec would count.
    _id: `${SILENT_ID_PREFIX}archived-story`,
    _type: 'article',
    title: ARCHIVED_TITLE,
    slug: { _type: 'slug', current: ARCHIVED_SLUG },
    // Years before the seeded story, so that one stays the newest: the one the build pre-renders.
    publishedAt: '2001-02-03T12:00:00Z',
    ...(source.heroImage ? { heroImage: source.heroImage } : {}),
    slides: ARCHIVED_HEADINGS.map((heading, index) => ({
      _key: `archived-${index + 1}`,
      _type: 'slide',
      heading,
      ...(source.slides[index]?.image ? { image: source.slides[index]?.image } : {}),
    })),
  }
  const response = await fetch(`${lakeUrl}/${API}/data/mutate/production`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ mutations: [{ createOrReplace: story }] }),
  })
  if (!response.ok)
    throw new Error(`writing the archived story failed: ${response.status} ${await response.text()}`)
}
