import { defineArrayMember, defineField, defineType } from 'sanity'
import { altTextField } from './imageAlt.ts'
import { portableTextBlock } from './portableText.ts'

export const SEO_DESCRIPTION_MAX = 160

export function slideCountLabel(count: number): string {
  if (count === 0) return 'No slides'
  return count === 1 ? '1 slide' : `${count} slides`
}

export const article = defineType({
  name: 'article',
  title: 'Story',
  type: 'document',
  groups: [
    { name: 'content', title: 'Content', default: true },
    { name: 'people', title: 'People' },
    { name: 'seo', title: 'SEO' },
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'content',
      options: { source: 'title', maxLength: 96 },
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'dek',
      title: 'Intro',
      type: 'array',
      group: 'content',
      description: 'The standfirst shown above the first slide.',
      of: [portableTextBlock],
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'content',
    }),
    defineField({
      name: 'heroImage',
      title: 'Hero image',
      type: 'image',
      group: 'content',
      options: { hotspot: true },
      fields: [altTextField, defineField({ name: 'credit', title: 'Photo credit', type: 'string' })],
    }),
    defineField({
      name: 'slides',
      title: 'Slides',
      type: 'array',
      group: 'content',
      of: [defineArrayMember({ type: 'slide' })],
      // `min` alone is skipped for a missing array, so `required` is what catches a story with no slides.
      validation: (rule) => rule.required().min(1),
    }),
    defineField({
      name: 'people',
      title: 'People in this story',
      type: 'array',
      group: 'people',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'person' }] })],
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'seoDescription',
      title: 'SEO description',
      type: 'text',
      group: 'seo',
      rows: 3,
      description: 'Shown by search engines and link previews.',
      validation: (rule) =>
        rule
          .max(SEO_DESCRIPTION_MAX)
          .warning(`Search engines cut descriptions after about ${SEO_DESCRIPTION_MAX} characters`),
    }),
    defineField({
      name: 'socialImage',
      title: 'Social image',
      type: 'image',
      group: 'seo',
      description: 'Used when the story is shared; falls back to the hero image.',
    }),
  ],
  preview: {
    select: { title: 'title', slides: 'slides', media: 'heroImage' },
    prepare({ title, slides, media }) {
      return {
        title,
        subtitle: slideCountLabel(Array.isArray(slides) ? slides.length : 0),
        media,
      }
    },
  },
})
