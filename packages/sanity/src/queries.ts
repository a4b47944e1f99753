import { defineQuery } from 'groq'

/*
 * Every GROQ query the site runs, defined once. `npm run typegen` reads this file and writes the
 * result types into sanity.types.ts, so a query and its type cannot drift apart.
 */

// What an image needs on the page: the asset id and size (for URLs and layout), the placeholders
// (a blurred preview, or for photos far down a page just their main colour), and the editor's
// crop and hotspot.
const imageFields = /* groq */ `
  alt,
  crop,
  hotspot,
  "asset": asset->{
    _id,
    "lqip": metadata.lqip,
    "color": metadata.palette.dominant.background,
    "width": metadata.dimensions.width,
    "height": metadata.dimensions.height,
    "isOpaque": metadata.isOpaque
  }
`

const personSummary = /* groq */ `_id, name, "slug": slug.current`

export const STORY_LIST_QUERY = defineQuery(`
  *[_type == "article" && defined(slug.current)] | order(publishedAt desc, _createdAt desc) {
    _id,
    title,
    "slug": slug.current,
    publishedAt,
    dek,
    seoDescription,
    heroImage { ${imageFields}, credit },
    "slideCount": count(slides)
  }
`)

export const STORY_QUERY = defineQuery(`
  *[_type == "article" && slug.current == $slug][0] {
    _id,
    _updatedAt,
    title,
    "slug": slug.current,
    publishedAt,
    dek,
    seoDescription,
    heroImage { ${imageFields}, credit },
    socialImage { ${imageFields} },
    "people": people[]->{ ${personSummary}, roles },
    "slides": slides[] {
      _key,
      heading,
      body,
      credit,
      image { ${imageFields} },
      "people": people[]->{ ${personSummary} }
    }
  }
`)

/**
 * One slide page: what every page of the story shows of it (title, date, social card,
 * description, length), its slide and the one after, whose photo it fetches ahead: the slice
 * `[$from...$to]`, two parameters because GROQ slices take constants only, and TypeGen reads a
 * parameter in `slides[$index]` as a filter. Not the whole story: a slide page renders on its
 * own, on its first request or after a publish.
 */
export const SLIDE_QUERY = defineQuery(`
  *[_type == "article" && slug.current == $slug][0] {
    _id,
    title,
    "slug": slug.current,
    publishedAt,
    dek,
    seoDescription,
    heroImage { ${imageFields}, credit },
    socialImage { ${imageFields} },
    "slideCount": count(slides),
    "slides": slides[$from...$to] { _key, heading, body, credit, image { ${imageFields} } }
  }
`)

/**
 * The newest stories (`$limit` of them, as the home page orders them): the pages `next build`
 * renders ahead of time are theirs, their slides' and their people's. Every other page renders on
 * its first request, so a build does not grow with the archive.
 */
export const PRERENDERED_STORIES_QUERY = defineQuery(`
  *[_type == "article" && defined(slug.current)] | order(publishedAt desc, _createdAt desc) [0...$limit] {
    "slug": slug.current,
    "slideCount": count(slides),
    "people": array::unique((people[]->slug.current) + (slides[].people[]->slug.current))[defined(@)]
  }
`)

export const PERSON_QUERY = defineQuery(`
  *[_type == "person" && slug.current == $slug][0] {
    _id,
    name,
    "slug": slug.current,
    portrait { ${imageFields} },
    bio,
    born,
    roles,
    socials[] { _key, platform, handle, url },
    "stories": *[_type == "article" && defined(slug.current) && references(^._id)]
      | order(publishedAt desc, _createdAt desc) {
      _id,
      title,
      "slug": slug.current,
      "slides": slides[] { _key, heading, "personIds": people[]._ref }
    }
  }
`)

export const SITEMAP_QUERY = defineQuery(`{
  "stories": *[_type == "article" && defined(slug.current)] { "slug": slug.current, _updatedAt },
  "people": *[_type == "person" && defined(slug.current)] { "slug": slug.current, _updatedAt }
}`)

/** The newest stories with everything the feed carries as full content. */
export const FEED_QUERY = defineQuery(`
  *[_type == "article" && defined(slug.current)] | order(publishedAt desc, _createdAt desc) [0...20] {
    _id,
    title,
    "slug": slug.current,
    publishedAt,
    _updatedAt,
    dek,
    seoDescription,
    heroImage { ${imageFields}, credit },
    "people": people[]->{ name },
    "slides": slides[] { _key, heading, body, credit, image { ${imageFields} } }
  }
`)

/** Stories that show a person (their name, their slides): refreshed when the person changes. */
export const STORIES_REFERENCING_QUERY = defineQuery(`
  *[_type == "article" && defined(slug.current) && references($id)].slug.current
`)

/** What a story's publish must re-render besides the story itself: its slides and its people's pages. */
export const STORY_REFRESH_QUERY = defineQuery(`
  *[_type == "article" && slug.current == $slug][0]{
    "slideCount": count(slides),
    "people": array::unique((people[]->slug.current) + (slides[].people[]->slug.current))[defined(@)]
  }
`)

/** Stories whose byline names a person: their pages show the person's name and slug. */
export const STORIES_NAMING_PERSON_QUERY = defineQuery(`
  *[_type == "article" && defined(slug.current) && $id in people[]._ref].slug.current
`)

/** The slugs of people by id: the addresses of the person pages a story's change reaches. */
export const PERSON_SLUGS_BY_ID_QUERY = defineQuery(`
  *[_type == "person" && _id in $ids && defined(slug.current)].slug.current
`)

/** A cheap query that proves the content source answers. */
export const CONTENT_SOURCE_PROBE_QUERY = defineQuery(`count(*[_type == "article"])`)
