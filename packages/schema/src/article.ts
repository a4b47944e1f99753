import { defineArrayMember, defineField, defineType } from 'sanity'
import { altTextField } from './imageAlt.ts'
import { portableTextBlock } from './portableText.ts'

export const SEO_DESCRIPTION_MAX = 160
export const TITLE_REQUIRED_MESSAGE =
  'Give the story a title: readers see it first, and the slug is made from it'
export const SLUG_REQUIRED_MESSAGE =
  'The story needs a web address: click "Generate" to make one from the title'
export const SLIDES_REQUIRED_MESSAGE = 'A story needs at least one slide'

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
      validation: (rule) => rule.required().error(TITLE_REQUIRED_MESSAGE),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'content',
      description: "The story's web address. Changing it after publishing breaks links already shared.",
      options: { source: 'title', maxLength: 96 },
      validation: (rule) => rule.required().error(SLUG_REQUIRED_MESSAGE),
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
      validation: (rule) => rule.required().min(1).error(SLIDES_REQUIRED_MESSAGE),
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
      // Link previews crop to a wide 1.91:1 frame, so the hotspot decides what survives the crop.
      options: { hotspot: true },
      fields: [altTextField],
    }),
  ],
  // A new story starts with one empty slide, so the editor begins writing instead of adding structure.
  initialValue: () => ({ slides: [{ _type: 'slide' }] }),
  preview: {
    // `slides` whole: selecting `slides.0.image` beside it would narrow `slides` to its first item.
    select: { title: 'title', slides: 'slides', hero: 'heroImage' },
    prepare({ title, slides, hero }) {
      const list = Array.isArray(slides) ? slides : []
      return {
        title: title || 'Untitled story',
        subtitle: slideCountLabel(list.length),
        // A story without a hero image yet is recognised by its first photo.
        media: hero?.asset ? hero : list[0]?.image,
      }
    },
  },
})
