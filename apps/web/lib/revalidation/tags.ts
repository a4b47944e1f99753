import { personPath, storyPath } from '../site'

/*
 * Cache tags: every cached fetch carries the tags of what it shows, and the webhook expires
 * exactly those. Lists (home, sitemap, feed, the story lists on person pages) share one tag so a
 * story that appears, disappears or is renamed refreshes every list it is or was in.
 */
export const STORIES_TAG = 'stories'
export const PEOPLE_TAG = 'people'

export function storyTag(slug: string): string {
  return `story:${slug}`
}

export function personTag(slug: string): string {
  return `person:${slug}`
}

/** The body the content source posts: the projection `{_id, _type, "slug": slug.current, "operation": delta::operation()}`. */
export interface ContentChange {
  _id: string
  _type: string
  slug?: string | null
  /** Only when the webhook projection adds it (`"previousSlug": before().slug.current`): the URL a rename leaves behind. */
  previousSlug?: string | null
  operation?: string | null
}

export function isContentChange(body: unknown): body is ContentChange {
  if (typeof body !== 'object' || body === null) return false
  const { _id, _type } = body as Record<string, unknown>
  return typeof _id === 'string' && _id.length > 0 && typeof _type === 'string' && _type.length > 0
}

export interface Invalidation {
  tags: string[]
  /** Pages worth rendering again straight away, so the next reader does not wait for them. */
  paths: string[]
}

/**
 * What to expire when a document changes. `storiesShowingPerson` are the slugs of the stories
 * that reference a changed person, looked up by the caller.
 */
export function invalidationFor(change: ContentChange, storiesShowingPerson: string[] = []): Invalidation {
  const slugs = [change.slug, change.previousSlug].filter((slug): slug is string => Boolean(slug))
  switch (change._type) {
    case 'article':
      return {
        tags: unique([...slugs.map(storyTag), STORIES_TAG]),
        paths: unique(['/', ...slugs.map(storyPath)]),
      }
    case 'person':
      return {
        tags: unique([...slugs.map(personTag), PEOPLE_TAG, ...storiesShowingPerson.map(storyTag)]),
        paths: unique([...slugs.map(personPath), ...storiesShowingPerson.map(storyPath)]),
      }
    default:
      return { tags: [], paths: [] }
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
