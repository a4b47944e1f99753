import { presentationTool } from 'sanity/presentation'
import { locations } from './locations.ts'
import { mainDocuments } from './mainDocuments.ts'
import { DISABLE_DRAFT_MODE_PATH, ENABLE_DRAFT_MODE_PATH } from './previewUrl.ts'

/**
 * Presentation: the reader site beside the form, in draft mode, with click-to-edit overlays.
 * The site checks the secret the Studio mints for each session against the content source.
 */
export function presentation(siteUrl: string) {
  return presentationTool({
    previewUrl: {
      initial: siteUrl,
      previewMode: { enable: ENABLE_DRAFT_MODE_PATH, disable: DISABLE_DRAFT_MODE_PATH },
    },
    allowOrigins: [siteUrl],
    resolve: { mainDocuments, locations },
  })
}
