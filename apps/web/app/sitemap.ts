import { SITEMAP_QUERY } from '@slideshow/sanity/queries'
import type { MetadataRoute } from 'next'
import { logRender } from '@/lib/renderLog'
import { PEOPLE_TAG, STORIES_TAG } from '@/lib/revalidation/tags'
import { fetchPublished } from '@/lib/sanity/fetch'
import { absoluteUrl, personPath, storyPath } from '@/lib/site'

export const revalidate = 3600

/** Canonical pages only: slide pages point their canonical at the whole story. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  logRender('/sitemap.xml')
  const { stories, people } = await fetchPublished({ query: SITEMAP_QUERY, tags: [STORIES_TAG, PEOPLE_TAG] })
  const newest = stories
    .map((story) => story._updatedAt)
    .sort()
    .at(-1)
  return [
    { url: absoluteUrl('/'), ...(newest ? { lastModified: newest } : {}) },
    ...stories.flatMap(({ slug, _updatedAt }) =>
      slug ? [{ url: absoluteUrl(storyPath(slug)), lastModified: _updatedAt }] : [],
    ),
    ...people.flatMap(({ slug, _updatedAt }) =>
      slug ? [{ url: absoluteUrl(personPath(slug)), lastModified: _updatedAt }] : [],
    ),
  ]
}
