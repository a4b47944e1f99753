import 'server-only'
import { PRERENDERED_STORIES_QUERY } from '@slideshow/sanity/queries'
import { STORIES_TAG } from './revalidation/tags'
import { fetchPublished } from './sanity/fetch'

/**
 * How many of the newest stories `next build` renders ahead of time, with their slides and their
 * people's pages: what readers open first (the home page leads with them). Every other story,
 * slide and person page renders on its first request and is cached from then on like the others
 * (ISR, `dynamicParams`), so a build takes as long with a thousand stories in the archive as with
 * a handful. The sitemap and the feed still list every story.
 */
export const DEFAULT_PRERENDERED_STORIES = 6

/** `SITE_PRERENDER_STORIES` when it is a whole number (0 renders no story ahead of time), else the default. */
export function prerenderedStoryCount(env: Record<string, string | undefined> = process.env): number {
  const value = env.SITE_PRERENDER_STORIES?.trim()
  return value && /^\d+$/.test(value) ? Number(value) : DEFAULT_PRERENDERED_STORIES
}

export interface PrerenderedStory {
  slug: string
  slideCount: number
  /** Slugs of the people the story or its slides name. */
  people: string[]
}

/** The newest stories, as `next build` pre-renders them (PRERENDERED_STORIES_QUERY). */
export async function prerenderedStories(): Promise<PrerenderedStory[]> {
  const stories = await fetchPublished({
    query: PRERENDERED_STORIES_QUERY,
    params: { limit: prerenderedStoryCount() },
    tags: [STORIES_TAG],
  })
  return stories.flatMap(({ slug, slideCount, people }) =>
    slug ? [{ slug, slideCount: slideCount ?? 0, people: people ?? [] }] : [],
  )
}
