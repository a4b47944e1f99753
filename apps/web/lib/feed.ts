import { escapeHTML, type PortableTextComponents, toHTML } from '@portabletext/to-html'
import type { FEED_QUERY_RESULT } from '@slideshow/sanity/types'
import { plainText, type RichTextValue } from './content'
import { isExternal, safeHref } from './links'
import { fixedImageUrl } from './sanity/image'
import { absoluteUrl, SITE_NAME, SITE_URL, storyPath } from './site'

type FeedStory = FEED_QUERY_RESULT[number]

// The same rule as the site's RichText: links only to http, https and mailto targets.
const components: Partial<PortableTextComponents> = {
  marks: {
    link: ({ value, children }) => {
      const href = safeHref((value as { href?: unknown } | undefined)?.href)
      if (!href) return children
      const rel = isExternal(href) ? ' rel="noopener noreferrer"' : ''
      return `<a href="${escapeHTML(href)}"${rel}>${children}</a>`
    },
  },
}

function richHtml(blocks: RichTextValue): string {
  return blocks ? toHTML(blocks, { components, onMissingComponent: false }) : ''
}

function figureHtml(image: Parameters<typeof fixedImageUrl>[0], credit: string | null | undefined): string {
  const url = fixedImageUrl(image, { width: 1200 })
  if (!url) return ''
  const caption = credit?.trim() ? `<figcaption>${escapeHTML(credit)}</figcaption>` : ''
  return `<figure><img src="${escapeHTML(url)}" alt="${escapeHTML(image?.alt ?? '')}" />${caption}</figure>`
}

/** The whole story as HTML for feed readers: intro, then every slide with photo, credit, heading and text. */
export function storyHtml(story: FeedStory): string {
  const slides = (story.slides ?? []).map(
    (slide) =>
      `${figureHtml(slide.image, slide.credit)}<h2>${escapeHTML(slide.heading ?? '')}</h2>${richHtml(slide.body)}`,
  )
  return [richHtml(story.dek), figureHtml(story.heroImage, story.heroImage?.credit), ...slides].join('\n')
}

// Text inside CDATA only has to avoid the one sequence that ends it.
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

function xmlText(text: string): string {
  return escapeHTML(text)
}

/** RSS 2.0 with the full content of each story in `content:encoded`. */
export function rssFeed(stories: FeedStory[]): string {
  const items = stories.flatMap((story) => {
    if (!story.slug) return []
    const link = absoluteUrl(storyPath(story.slug))
    const description = story.seoDescription?.trim() || plainText(story.dek)
    const people = (story.people ?? []).flatMap((person) => (person.name ? [person.name] : []))
    return [
      [
        '<item>',
        `<title>${xmlText(story.title ?? '')}</title>`,
        `<link>${xmlText(link)}</link>`,
        `<guid isPermaLink="true">${xmlText(link)}</guid>`,
        story.publishedAt ? `<pubDate>${new Date(story.publishedAt).toUTCString()}</pubDate>` : '',
        `<description>${xmlText(description)}</description>`,
        ...people.map((name) => `<category>${xmlText(name)}</category>`),
        `<content:encoded>${cdata(storyHtml(story))}</content:encoded>`,
        '</item>',
      ]
        .filter(Boolean)
        .join('\n'),
    ]
  })
  const newest = stories
    .map((story) => story._updatedAt)
    .sort()
    .at(-1)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xmlText(SITE_NAME)}</title>`,
    `<link>${xmlText(`${SITE_URL}/`)}</link>`,
    `<atom:link href="${xmlText(absoluteUrl('/feed.xml'))}" rel="self" type="application/rss+xml" />`,
    '<description>Stories told one photograph at a time.</description>',
    '<language>en</language>',
    newest ? `<lastBuildDate>${new Date(newest).toUTCString()}</lastBuildDate>` : '',
    ...items,
    '</channel>',
    '</rss>',
  ]
    .filter((line) => line !== '')
    .join('\n')
}
