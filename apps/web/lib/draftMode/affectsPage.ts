import { PREVIEW_TAGS_ID } from './previewTagsId'

/**
 * Whether a live event's tags touch what the page shows: the tags its queries returned, which
 * PreviewTags left in the page. No tags (a restart: events were missed) or a page without the
 * element (say, not-found) refresh, so a change is never missed for want of a tag.
 */
export function affectsPage(eventTags: readonly string[], page: Document = document): boolean {
  const element = page.getElementById(PREVIEW_TAGS_ID)
  if (eventTags.length === 0 || !element) return true
  const shown = new Set((element.dataset.tags ?? '').split(' ').filter(Boolean))
  return eventTags.some((tag) => shown.has(tag))
}
