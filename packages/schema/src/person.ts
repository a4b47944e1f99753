import { defineArrayMember, defineField, defineType } from 'sanity'
import { altTextField } from './imageAlt.ts'
import { PERSON_ROLES, rolesLabel } from './personRoles.ts'
import { portableTextBlock } from './portableText.ts'

export const SOCIAL_PLATFORMS = [
  { title: 'Instagram', value: 'instagram' },
  { title: 'X (Twitter)', value: 'x' },
  { title: 'TikTok', value: 'tiktok' },
  { title: 'Website', value: 'website' },
]

const BIO_MAX_PARAGRAPHS = 3
export const NAME_REQUIRED_MESSAGE = 'Every person needs a name'
export const PERSON_SLUG_REQUIRED_MESSAGE =
  'The person page needs a web address: click "Generate" to make one from the name'

const socialLink = defineArrayMember({
  name: 'socialLink',
  title: 'Social link',
  type: 'object',
  fields: [
    defineField({
      name: 'platform',
      title: 'Platform',
      type: 'string',
      options: { list: SOCIAL_PLATFORMS },
      validation: (rule) => rule.required(),
    }),
    defineField({ name: 'handle', title: 'Handle', type: 'string', description: 'Without the @.' }),
    defineField({
      name: 'url',
      title: 'URL',
      type: 'url',
      validation: (rule) => rule.uri({ scheme: ['http', 'https'] }),
    }),
  ],
  validation: (rule) =>
    rule.custom((link: { handle?: string; url?: string } | undefined) =>
      !link || link.handle?.trim() || link.url ? true : 'Add a handle or a URL',
    ),
  preview: {
    select: { title: 'platform', handle: 'handle', url: 'url' },
    prepare({ title, handle, url }) {
      return { title, subtitle: handle ? `@${handle}` : url }
    },
  },
})

export const person = defineType({
  name: 'person',
  title: 'Person',
  type: 'document',
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      validation: (rule) => rule.required().error(NAME_REQUIRED_MESSAGE),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      options: { source: 'name', maxLength: 96 },
      validation: (rule) => rule.required().error(PERSON_SLUG_REQUIRED_MESSAGE),
    }),
    defineField({
      name: 'portrait',
      title: 'Portrait',
      type: 'image',
      description: 'Put the hotspot on the face: small and square crops keep it in frame.',
      options: { hotspot: true },
      fields: [altTextField],
    }),
    defineField({
      name: 'bio',
      title: 'Short bio',
      type: 'array',
      of: [portableTextBlock],
      validation: (rule) =>
        rule
          .max(BIO_MAX_PARAGRAPHS)
          .warning(`Keep the bio to ${BIO_MAX_PARAGRAPHS} short paragraphs or fewer`),
    }),
    defineField({ name: 'born', title: 'Born', type: 'date' }),
    defineField({
      name: 'roles',
      title: 'Roles',
      type: 'array',
      of: [defineArrayMember({ type: 'string' })],
      // A fixed vocabulary keeps roles filterable on the site. Studio 6 ignores `options.list` when
      // `layout` is 'tags' (free-text tag input), so the list is shown as a checkbox grid instead.
      options: { list: PERSON_ROLES, layout: 'grid' },
    }),
    defineField({
      name: 'socials',
      title: 'Social links',
      type: 'array',
      of: [socialLink],
    }),
  ],
  preview: {
    select: { title: 'name', roles: 'roles', media: 'portrait' },
    prepare({ title, roles, media }) {
      return { title: title || 'Unnamed person', subtitle: rolesLabel(roles), media }
    },
  },
})
