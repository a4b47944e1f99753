import type { DocumentResolver } from 'sanity/presentation'

/**
 * Which document a site URL shows, so Presentation opens it beside the preview. The routes are
 * apps/web's: the story page, each slide page, a person's page.
 */
export const mainDocuments: DocumentResolver[] = [
  {
    route: ['/stories/:slug', '/stories/:slug/:n'],
    filter: '_type == "article" && slug.current == $slug',
  },
  {
    route: '/people/:slug',
    filter: '_type == "person" && slug.current == $slug',
  },
]
