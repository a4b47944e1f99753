import 'server-only'
import {
  PERSON_SLUGS_BY_ID_QUERY,
  STORIES_NAMING_PERSON_QUERY,
  STORIES_REFERENCING_QUERY,
  STORY_REFRESH_QUERY,
} from '@slideshow/sanity/queries'
import type { RevalidateWebhookBody } from '@slideshow/sanity/revalidateWebhook'
import { publishedClient } from '../sanity/client'
import { personPath } from '../site'
import { articleChanges, bylineChanged, personChanges } from './changedPages'
import { type ChangeContext, type ContentChange, type Invalidation, invalidationFor } from './tags'

// Lookups read the content as it is now, past every cache.
const FRESH = { cache: 'no-store' } as const

/** A body with the document before and after the change (the current projection), not just its id and slug. */
function hasBothSides(change: ContentChange): change is ContentChange & RevalidateWebhookBody {
  const { before, after } = change as RevalidateWebhookBody
  return [before, after].some((side) => typeof side === 'object' && side !== null)
}

/**
 * What a webhook delivery expires: with the document before and after (REVALIDATE_WEBHOOK_PROJECTION),
 * exactly the pages that show what changed, by path; with only an id and a slug (a webhook set up
 * with an older projection), every page of the story or person, by tag.
 */
export async function invalidationForChange(change: ContentChange): Promise<Invalidation> {
  if (!hasBothSides(change)) return invalidationFor(change, await lookUpContext(change))
  if (change._type === 'article') {
    const { paths, people } = articleChanges(change.before, change.after)
    const slugs = people.length
      ? await publishedClient.fetch(PERSON_SLUGS_BY_ID_QUERY, { ids: people }, FRESH)
      : []
    return { tags: [], paths: [...paths, ...slugs.flatMap((slug) => (slug ? [personPath(slug)] : []))] }
  }
  if (change._type === 'person') {
    const stories = bylineChanged(change.before, change.after)
      ? await publishedClient.fetch(STORIES_NAMING_PERSON_QUERY, { id: change._id }, FRESH)
      : []
    const slugs = stories.flatMap((slug) => (slug ? [slug] : []))
    return { tags: [], paths: personChanges(change.before, change.after, slugs) }
  }
  return { tags: [], paths: [] }
}

/** For a body without both sides: the pages a change reaches beyond its own (a person's stories, a story's slides and people). */
async function lookUpContext(change: ContentChange): Promise<ChangeContext> {
  if (change._type === 'person') {
    const slugs = await publishedClient.fetch(STORIES_REFERENCING_QUERY, { id: change._id }, FRESH)
    return { storiesShowingPerson: slugs.flatMap((slug) => (slug ? [slug] : [])) }
  }
  if (change._type === 'article' && change.slug) {
    return { story: await publishedClient.fetch(STORY_REFRESH_QUERY, { slug: change.slug }, FRESH) }
  }
  return {}
}
