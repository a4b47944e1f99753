import { map } from 'rxjs'
import { getPublishedId } from 'sanity'
import type { DocumentLocation, DocumentLocationResolver, DocumentLocationsState } from 'sanity/presentation'

// The site's addresses (apps/web/lib/site.ts): kept apart because the Studio does not load the site.
const storyPath = (slug: string) => `/stories/${slug}`
const slidePath = (slug: string, n: number) => `/stories/${slug}/${n}`
const personPath = (slug: string) => `/people/${slug}`

interface StoryValue {
  title: string | null
  slug: string | null
  slides: { heading: string | null }[] | null
}

interface PersonValue {
  name: string | null
  slug: string | null
  stories: { title: string | null; slug: string | null }[] | null
}

const STORY_QUERY = `*[_id == $id][0]{title, "slug": slug.current, "slides": slides[]{heading}}`
// A person shows on their own page and in every story that names them (byline or a slide).
const PERSON_QUERY = `*[_id == $id][0]{
  name,
  "slug": slug.current,
  "stories": *[_type == "article" && defined(slug.current) && references($id)]{title, "slug": slug.current}
}`

/** The story page, then each slide's page, numbered as readers see them. */
export function storyLocations(story: StoryValue | null): DocumentLocationsState | null {
  if (!story?.slug) return { message: 'Not on the site until it has a slug', tone: 'caution' }
  const slug = story.slug
  const title = story.title || 'Untitled story'
  const slides = story.slides ?? []
  return {
    locations: [
      { title, href: storyPath(slug) },
      ...slides.map((slide, index) => ({
        title: `${index + 1} / ${slides.length}: ${slide.heading || 'Untitled slide'}`,
        href: slidePath(slug, index + 1),
      })),
    ],
  }
}

export function personLocations(person: PersonValue | null): DocumentLocationsState | null {
  if (!person?.slug) return { message: 'Not on the site until they have a slug', tone: 'caution' }
  const stories: DocumentLocation[] = (person.stories ?? []).flatMap((story) =>
    story.slug ? [{ title: story.title || 'Untitled story', href: storyPath(story.slug) }] : [],
  )
  return {
    locations: [{ title: person.name || 'Unnamed person', href: personPath(person.slug) }, ...stories],
  }
}

/**
 * Where a document appears on the site, shown above its form ("Used on N pages") and as the pages
 * Presentation can open. Live queries in the editor's perspective, so a draft's new slide or a new
 * byline shows up at once. Slides are part of their story, so they are its slide pages.
 */
export const locations: DocumentLocationResolver = ({ id, type, perspectiveStack }, { documentStore }) => {
  const options = { perspective: perspectiveStack, tag: 'presentation-locations' }
  // References always name the published id, whichever version is open.
  const params = { id: getPublishedId(id) }
  if (type === 'article') {
    return documentStore.listenQuery(STORY_QUERY, params, options).pipe(map((value) => storyLocations(value)))
  }
  if (type === 'person') {
    return documentStore
      .listenQuery(PERSON_QUERY, params, options)
      .pipe(map((value) => personLocations(value)))
  }
  return null
}
