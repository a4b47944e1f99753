import { type PortableTextProps, toPlainText } from '@portabletext/react'

/** Rich text as queried (TypeGen's block types), in the shape the Portable Text renderers take. */
export type RichTextValue = PortableTextProps['value']

/** Plain text of rich text, for descriptions and feeds. */
export function plainText(blocks: RichTextValue): string {
  if (!blocks) return ''
  return toPlainText(Array.isArray(blocks) ? blocks : [blocks])
}

/** At most `max` characters, cut at a word boundary with an ellipsis. */
export function truncate(text: string, max = 160): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const lastSpace = cut.lastIndexOf(' ')
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso))
}

/** The 1-based slide number in a URL: digits only, no leading zero, so every slide has one address. */
export function parseSlideNumber(value: string): number | undefined {
  return /^[1-9]\d{0,3}$/.test(value) ? Number(value) : undefined
}
