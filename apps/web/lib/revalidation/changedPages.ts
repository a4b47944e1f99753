import { isDeepStrictEqual } from 'node:util'
import type { ShownDocument, ShownSlide } from '@slideshow/sanity/revalidateWebhook'
import { plainText, type RichTextValue, truncate } from '../content'
import { personPath, slidePath, storyPath } from '../site'

/*
 * Which pages show a change, from the document before and after it (the webhook body,
 * @slideshow/sanity/revalidateWebhook). Each page has a view: the part of the document it renders.
 * A page shows the change when its view differs, or it appears or disappears. Pages render what
 * these views say (app/**): a page that starts to show another field must add it to its view
 * here, or it would stay stale after that field changes. Views may take more than a page shows
 * (one more render); never less.
 */

/** The pages that list every story and carry each one's last change (`_updatedAt`): any publish changes them. */
const LAST_CHANGE_LISTS = ['/feed.xml', '/sitemap.xml']

type Views = Map<string, unknown>
type Side = ShownDocument | null | undefined

export interface ArticleChanges {
  /** Pages known by path. */
  paths: string[]
  /** People whose pages show the change; their paths need their slugs. */
  people: string[]
}

function slidesOf(doc: ShownDocument): ShownSlide[] {
  return Array.isArray(doc.slides) ? doc.slides : []
}

function ids(values: unknown): string[] {
  return Array.isArray(values) ? values.filter((value): value is string => typeof value === 'string') : []
}

/** What lib/stories.ts storyMetadata shows on every page of a story: title, date, social image. */
function storyCard(doc: ShownDocument): unknown {
  const image = (doc.socialImage as { asset?: unknown } | null | undefined)?.asset
    ? doc.socialImage
    : doc.heroImage
  const { credit: _shownOnlyOnTheStoryPage, ...card } = (image ?? {}) as Record<string, unknown>
  return { title: doc.title, slug: doc.slug, publishedAt: doc.publishedAt, image: card }
}

/** lib/stories.ts storyDescription. */
function storyDescription(doc: ShownDocument): string {
  return doc.seoDescription?.trim() || truncate(plainText(doc.dek as RichTextValue))
}

/** app/stories/[slug]/[n]/page.tsx: its slide, the story's card and length, and the next slide's photo (prefetched). */
function slideViews(doc: ShownDocument, slug: string, views: Views): void {
  const slides = slidesOf(doc)
  const card = storyCard(doc)
  slides.forEach((slide, index) => {
    const { heading, body, credit, image } = slide
    const described = plainText(body as RichTextValue) !== ''
    views.set(slidePath(slug, index + 1), {
      card,
      total: slides.length,
      slide: { heading, body, credit, image },
      nextImage: slides[index + 1]?.image ?? null,
      description: described ? null : storyDescription(doc),
    })
  })
}

/** app/page.tsx: the story's card in the list (the lead shows its summary). */
function homeView(doc: ShownDocument): unknown {
  return {
    title: doc.title,
    slug: doc.slug,
    publishedAt: doc.publishedAt,
    summary: doc.seoDescription ?? truncate(plainText(doc.dek as RichTextValue), 220),
    heroImage: doc.heroImage,
    slideCount: slidesOf(doc).length,
  }
}

/** app/people/[slug]/page.tsx: the story and the slides (number, heading) the person is in, keyed by person id. */
function personViews(doc: ShownDocument, views: Views): void {
  const slides = slidesOf(doc)
  const people = new Set([...ids(doc.people), ...slides.flatMap((slide) => ids(slide.people))])
  for (const person of people) {
    views.set(person, {
      title: doc.title,
      slug: doc.slug,
      publishedAt: doc.publishedAt,
      slides: slides.flatMap((slide, index) =>
        ids(slide.people).includes(person) ? [{ n: index + 1, heading: slide.heading }] : [],
      ),
    })
  }
}

/** Views that differ between the two sides, including those only one side has. */
function changedKeys(before: Views, after: Views): string[] {
  const keys = new Set([...before.keys(), ...after.keys()])
  return [...keys].filter((key) => !isDeepStrictEqual(before.get(key), after.get(key)))
}

function pageViews(doc: Side): { pages: Views; people: Views } {
  const pages: Views = new Map()
  const people: Views = new Map()
  // Lists and pages only show stories with a slug.
  if (doc?.slug) {
    pages.set('/', homeView(doc))
    slideViews(doc, doc.slug, pages)
    personViews(doc, people)
  }
  return { pages, people }
}

/**
 * The pages an article's change reaches. The story page shows all of it and its last change
 * (JSON-LD `dateModified`), so it is always among them, at its old and its new address.
 */
export function articleChanges(before: Side, after: Side): ArticleChanges {
  const slugs = [before?.slug, after?.slug].filter((slug): slug is string => Boolean(slug))
  const old = pageViews(before)
  const current = pageViews(after)
  return {
    paths: unique([
      ...slugs.map(storyPath),
      ...changedKeys(old.pages, current.pages),
      ...(slugs.length ? LAST_CHANGE_LISTS : []),
    ]),
    people: changedKeys(old.people, current.people),
  }
}

/** Whether story pages show a person's change: their bylines show the name, linked to the person's page. */
export function bylineChanged(before: Side, after: Side): boolean {
  return before?.name !== after?.name || before?.slug !== after?.slug
}

/**
 * The pages a person's change reaches: their page (old and new address), the sitemap, and when
 * the byline changed, the stories that name them in it (`storiesNaming`, slugs) and, for the
 * name, the feed (it lists people by name).
 */
export function personChanges(before: Side, after: Side, storiesNaming: string[]): string[] {
  const slugs = [before?.slug, after?.slug].filter((slug): slug is string => Boolean(slug))
  const renamed = before?.name !== after?.name
  return unique([
    ...slugs.map(personPath),
    ...(slugs.length ? ['/sitemap.xml'] : []),
    ...(bylineChanged(before, after) ? storiesNaming.map(storyPath) : []),
    ...(renamed && storiesNaming.length ? ['/feed.xml'] : []),
  ])
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
