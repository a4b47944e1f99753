import { PortableText, type PortableTextComponents } from '@portabletext/react'
import type { RichTextValue } from '@/lib/content'
import { isExternal, safeHref } from '@/lib/links'

/*
 * Editors can produce paragraphs with strong, em and links (packages/schema portableText.ts).
 * React escapes every text node, and a link renders only with an http, https or mailto target,
 * so nothing in content can inject markup or script.
 */
const components: PortableTextComponents = {
  marks: {
    link: ({ value, children }) => {
      const href = safeHref((value as { href?: unknown } | undefined)?.href)
      if (!href) return <>{children}</>
      return (
        <a href={href} {...(isExternal(href) ? { rel: 'noopener noreferrer' } : {})}>
          {children}
        </a>
      )
    },
  },
}

export function RichText({ value }: { value: RichTextValue }) {
  if (!value || (Array.isArray(value) && value.length === 0)) return null
  // Unknown block or mark types render as nothing rather than as a debugging placeholder.
  return <PortableText value={value} components={components} onMissingComponent={false} />
}
