import { localAddresses } from '@slideshow/sanity/localAddresses'

/** The public origin of the site (SITE_URL, else localhost at WEB_PORT), for canonical URLs, the sitemap, the feed and social cards. */
export const SITE_URL = localAddresses(process.env).siteUrl

export const SITE_NAME = 'Slideshow Stories'

export function absoluteUrl(path: string): string {
  return `${SITE_URL}${path}`
}

export function storyPath(slug: string): string {
  return `/stories/${slug}`
}

export function slidePath(slug: string, n: number): string {
  return `/stories/${slug}/${n}`
}

export function personPath(slug: string): string {
  return `/people/${slug}`
}
