import { defineArrayMember, defineField, defineType, type PreviewValue } from 'sanity'
import { altTextField } from './imageAlt.ts'
import { portableTextBlock } from './portableText.ts'

export const SLIDE_HEADING_REQUIRED_MESSAGE = 'Every slide needs a heading'
export const NO_CREDIT_LABEL = 'No photo credit'
export const MISSING_ALT_LABEL = 'Image needs alt text'

interface SlidePreviewSelection {
  heading?: string
  credit?: string
  asset?: unknown
  alt?: string
  media?: unknown
}

/**
 * A 43-slide story is edited from its list of slides, so each row says what still needs doing:
 * the credit when there is one, otherwise that it is missing, and a missing alt text first of all,
 * because that one blocks publishing.
 */
export function slidePreview({ heading, credit, asset, alt, media }: SlidePreviewSelection): PreviewValue {
  const notes = [
    asset && !alt?.trim() ? MISSING_ALT_LABEL : undefined,
    credit?.trim() ? credit : NO_CREDIT_LABEL,
  ].filter(Boolean)
  return {
    title: heading?.trim() || 'Untitled slide',
    subtitle: notes.join(' · '),
    // The selected image object: the Studio draws it as a thumbnail, though the type names only React nodes.
    media: media as PreviewValue['media'],
  }
}

/*
 * A slide is an object inside `article.slides`, not a document of its own, because:
 * - publishing the article publishes all of its slides atomically, in one transaction;
 * - slide order is simply the array order, with no separate ordering field to keep in sync;
 * - a slide cannot be orphaned: deleting a story deletes its slides;
 * - the story has one revision history, so an editor can see and restore every slide change in one place.
 */
export const slide = defineType({
  name: 'slide',
  title: 'Slide',
  type: 'object',
  fields: [
    defineField({
      name: 'heading',
      title: 'Heading',
      type: 'string',
      validation: (rule) => rule.required().error(SLIDE_HEADING_REQUIRED_MESSAGE),
    }),
    defineField({
      name: 'body',
      title: 'Body',
      type: 'array',
      of: [portableTextBlock],
    }),
    defineField({
      name: 'image',
      title: 'Image',
      type: 'image',
      description: 'Drag the hotspot onto what must stay in frame; crop to cut out the rest.',
      options: { hotspot: true },
      fields: [altTextField],
    }),
    defineField({
      name: 'credit',
      title: 'Photo credit',
      type: 'string',
      description:
        'Exactly as printed, e.g. "Photo by Kypros / Getty Images". Leave empty when the slide has no credited image; some slides have none.',
    }),
    defineField({
      name: 'people',
      title: 'People in this slide',
      type: 'array',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'person' }] })],
      validation: (rule) => rule.unique(),
    }),
  ],
  preview: {
    select: { heading: 'heading', credit: 'credit', asset: 'image.asset', alt: 'image.alt', media: 'image' },
    prepare: slidePreview,
  },
})
