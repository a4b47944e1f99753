/** Structured data for search engines. `<` is escaped so content can never close the script element. */
export function JsonLd({ data }: { data: object }) {
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON with every `<` escaped cannot leave the script element.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />
}
