/*
 * The publish webhook that refreshes the reader site, as one definition: the lake registers it by
 * default, the README gives it for a hosted project, and the site's /api/revalidate reads its body.
 *
 * The body carries, before and after the change, every field a page of the site shows, so the
 * site can tell which pages show what changed (one slide's page, not all fifty) without asking
 * the content source what the document was.
 */

export const REVALIDATE_WEBHOOK_FILTER = '_type in ["article", "person"]'

// One list for both types: an article leaves `name` out, a person everything but `name` and `slug`.
const SHOWN_FIELDS = [
  '"slug": slug.current',
  'title',
  'name',
  'dek',
  'seoDescription',
  'publishedAt',
  'heroImage',
  'socialImage',
  '"people": people[]._ref',
  '"slides": slides[]{_key, heading, body, credit, image, "people": people[]._ref}',
].join(', ')

export const REVALIDATE_WEBHOOK_PROJECTION = `{_id, _type, "before": before(){${SHOWN_FIELDS}}, "after": after(){${SHOWN_FIELDS}}}`

export interface ShownSlide {
  _key: string
  heading?: string | null
  body?: unknown
  credit?: string | null
  image?: unknown
  /** Person ids. */
  people?: string[] | null
}

/** A document as the projection gives it, on one side of the change. */
export interface ShownDocument {
  slug?: string | null
  title?: string | null
  name?: string | null
  dek?: unknown
  seoDescription?: string | null
  publishedAt?: string | null
  heroImage?: unknown
  socialImage?: unknown
  /** Person ids. */
  people?: string[] | null
  slides?: ShownSlide[] | null
}

/** `before` is absent (or null) for a create, `after` for a delete. */
export interface RevalidateWebhookBody {
  _id: string
  _type: string
  before?: ShownDocument | null
  after?: ShownDocument | null
}
