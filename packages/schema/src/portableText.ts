import { defineArrayMember, defineField } from 'sanity'

/** Link targets editors may use. `javascript:` and friends are rejected so copy cannot smuggle script URLs. */
export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const

const linkAnnotation = defineField({
  name: 'link',
  title: 'Link',
  type: 'object',
  fields: [
    defineField({
      name: 'href',
      title: 'URL',
      type: 'url',
      validation: (rule) => rule.required().uri({ scheme: [...LINK_SCHEMES] }),
    }),
  ],
})

/**
 * The one Portable Text block shape used for every rich-text field (article dek, slide body,
 * person bio). Story copy is plain paragraphs with light emphasis and links; keeping a single
 * narrow definition means the web renderer only has to handle what editors can actually produce.
 */
export const portableTextBlock = defineArrayMember({
  type: 'block',
  styles: [{ title: 'Normal', value: 'normal' }],
  lists: [],
  marks: {
    decorators: [
      { title: 'Strong', value: 'strong' },
      { title: 'Emphasis', value: 'em' },
    ],
    annotations: [linkAnnotation],
  },
})
