/** What an uploader may say about an asset (query parameters of both upload routes). */
export interface AssetMeta {
  originalFilename?: string | undefined
  label?: string | undefined
  title?: string | undefined
  description?: string | undefined
  creditLine?: string | undefined
  source?: { name: string; id?: string; url?: string } | undefined
}

/** The descriptive fields of an asset document: only those that were given. */
export function describedBy(meta: AssetMeta): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      originalFilename: meta.originalFilename,
      label: meta.label,
      title: meta.title,
      description: meta.description,
      creditLine: meta.creditLine,
      source: meta.source,
    }).filter(([, value]) => value !== undefined && value !== ''),
  )
}

/** Reads the descriptive query parameters `@sanity/client` sends with an upload. */
export function assetMetaFrom(search: URLSearchParams): AssetMeta {
  const text = (name: string) => search.get(name) || undefined
  const sourceName = text('sourceName')
  const sourceId = text('sourceId')
  const sourceUrl = text('sourceUrl')
  return {
    originalFilename: text('filename'),
    label: text('label'),
    title: text('title'),
    description: text('description'),
    creditLine: text('creditLine'),
    source: sourceName
      ? { name: sourceName, ...(sourceId ? { id: sourceId } : {}), ...(sourceUrl ? { url: sourceUrl } : {}) }
      : undefined,
  }
}
