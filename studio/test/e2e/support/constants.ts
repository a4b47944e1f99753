/** Values the global setup and the tests share. */

export const DATASET = 'production'
export const API_VERSION = 'v2025-02-19'

/**
 * The second editor signs in with a token in the URL (`#token=`). The Studio only takes tokens of
 * 32 characters or more from the URL, so this one is that long.
 */
export const SECOND_EDITOR = {
  token: 'studio-e2e-second-editor-token-3f9a1c7e',
  name: 'Second Editor',
} as const

/** What the reader site reads drafts with (a viewer), as a deployment sets SANITY_API_READ_TOKEN. */
export const SITE_READ_TOKEN = 'studio-e2e-site-read-token-0123456789ab'

/** The Baldwin story as seeded from packages/dataset. */
export const STORY = {
  id: 'article-alec-baldwin-hilaria',
  title: 'Alec Baldwin Shares Dramatic News About His Relationship With Wife Hilaria',
  slug: 'alec-baldwin-hilaria-dramatic-news',
  slideCount: 43,
} as const
