import { defineArrayMember, defineField, defineType } from 'sanity'
import { altTextField } from './imageAlt.ts'
import { portableTextBlock } from './portableText.ts'

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
      validation: (rule) => rule.required(),
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
    select: { title: 'heading', subtitle: 'credit', media: 'image' },
  },
})
