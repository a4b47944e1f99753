import { draftMode } from 'next/headers'
import { previewTags } from '@/lib/draftMode/previewTags'
import { PREVIEW_TAGS_ID } from '@/lib/draftMode/previewTagsId'

/**
 * In draft mode, the sync tags of the queries the page ran, in an empty hidden element that
 * DraftOverlays reads (outside draft mode this renders nothing). Render it after the page's own
 * queries, at the end of the page, so the set is complete.
 */
export async function PreviewTags() {
  if (!(await draftMode()).isEnabled) return null
  return <div hidden id={PREVIEW_TAGS_ID} data-tags={[...previewTags()].join(' ')} />
}
