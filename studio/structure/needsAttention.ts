import type { StructureBuilder } from 'sanity/structure'

/*
 * Two questions an editor asks before publishing, each a live list of the stories to fix. They
 * are separate because they differ in weight: alt text is required (publishing is blocked until
 * it is written), while a missing credit can be right, as on the Baldwin story's slides 29 and
 * 33, whose photos are uncredited in the source.
 */

// `!defined(x) || x == ""` because clearing a field in the Studio can leave an empty string behind.
const missing = (path: string) => `(!defined(${path}) || ${path} == "")`

export const MISSING_ALT_FILTER = `_type == "article" && (
  count(slides[defined(image.asset) && ${missing('image.alt')}]) > 0
  || (defined(heroImage.asset) && ${missing('heroImage.alt')})
)`

export const MISSING_CREDIT_FILTER = `_type == "article" && count(slides[defined(image.asset) && ${missing('credit')}]) > 0`

// The API version the list queries are written against (GROQ as of this date).
const API_VERSION = '2025-02-19'

export function needsAttention(S: StructureBuilder) {
  return S.listItem()
    .id('needs-attention')
    .title('Slides with missing alt text or credit')
    .child(
      S.list()
        .id('needs-attention')
        .title('Missing alt text or credit')
        .items([
          S.listItem()
            .id('missing-alt')
            .title('Images without alt text (blocks publishing)')
            .child(
              S.documentList()
                .id('missing-alt')
                .title('Images without alt text')
                .schemaType('article')
                .apiVersion(API_VERSION)
                .filter(MISSING_ALT_FILTER),
            ),
          S.listItem()
            .id('missing-credit')
            .title('Slides without a photo credit')
            .child(
              S.documentList()
                .id('missing-credit')
                .title('Slides without a photo credit')
                .schemaType('article')
                .apiVersion(API_VERSION)
                .filter(MISSING_CREDIT_FILTER),
            ),
        ]),
    )
}
