import { personPath, slidePath, storyPath } from '../site'

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

/**
 * The body the content source posts. The current projection (@slideshow/sanity/revalidateWebhook)
 * sends the document before and after; a webhook set up with an older one sends
 * `{_id, _type, "slug": slug.current, "operation": delta::operation()}`, handled here by tag.
 */
export interface ContentChange {
  _id: string
  _type: string
  slug?: string | null
  /** Only when the webhook projection adds it (`"previousSlug": before().slug.current`): the URL a rename leaves behind. */
  previousSlug?: string | null
  operation?: string | null
}

/** What the site looked up about the change: the stories that show a changed person, or a changed story's slides and people. */
export interface ChangeContext {
  storiesShowingPerson?: string[]
  story?: { slideCount: number | null; people: string[] | null } | null
}

export function isContentChange(body: unknown): body is ContentChange {
  if (typeof body !== 'object' || body === null) return false
  const { _id, _type } = body as Record<string, unknown>
  return typeof _id === 'string' && _id.length > 0 && typeof _type === 'string' && _type.length > 0
}

/**
 * Everything a change touches is expired at once (the next reader never gets the old version),
 * and every expired page is listed for re-rendering straight away, so no page is left expired for
 * a moment when the content source might go down.
 */
export interface Invalidation {
  /** Expired by tag: every page whose fetches carry one (bodies without both sides only). */
  tags: string[]
  /** Expired by path, then rendered again. */
  paths: string[]
}

/** Pages that list every story: they carry STORIES_TAG. */
const STORY_LISTS = ['/', '/feed.xml', '/sitemap.xml']

/** For a body without both sides: every page of the story or person, and every list. */
export function invalidationFor(change: ContentChange, context: ChangeContext = {}): Invalidation {
  const slugs = [change.slug, change.previousSlug].filter((slug): slug is string => Boolean(slug))
  switch (change._type) {
    case 'article': {
      const { slideCount, people } = context.story ?? {}
      const slides = change.slug ? Array.from({ length: slideCount ?? 0 }, (_, index) => index + 1) : []
      return {
        tags: unique([...slugs.map(storyTag), STORIES_TAG]),
        paths: unique([
          ...STORY_LISTS,
          ...slugs.map(storyPath),
          ...slides.map((n) => slidePath(String(change.slug), n)),
          // Person pages list the stories and slides a person appears in (they carry STORIES_TAG).
          ...(people ?? []).map(personPath),
        ]),
      }
    }
    case 'person': {
      const stories = context.storiesShowingPerson ?? []
      return {
        tags: unique([...slugs.map(personTag), PEOPLE_TAG, ...stories.map(storyTag)]),
        paths: unique(['/sitemap.xml', ...slugs.map(personPath), ...stories.map(storyPath)]),
      }
    }
    default:
      return { tags: [], paths: [] }
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
