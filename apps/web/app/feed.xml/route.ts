import { FEED_QUERY } from '@slideshow/sanity/queries'
import { rssFeed } from '@/lib/feed'
import { logRender } from '@/lib/renderLog'
import { STORIES_TAG } from '@/lib/revalidation/tags'
import { fetchPublished } from '@/lib/sanity/fetch'

export const revalidate = 3600

/** `/feed.xml`: RSS 2.0, published stories only, cached and refreshed like the pages. */
export async function GET(): Promise<Response> {
  logRender('/feed.xml')
  const stories = await fetchPublished({ query: FEED_QUERY, tags: [STORIES_TAG] })
  return new Response(rssFeed(stories), {
    headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
  })
}
