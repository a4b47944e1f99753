import 'server-only'
import { localAddresses } from '@slideshow/sanity/localAddresses'
import { draftMode } from 'next/headers'
import { createDataAttribute } from 'next-sanity'
import { sanityEnv } from './env'

/** What an element carries so the Presentation overlay opens its field: nothing outside draft mode. */
export type EditAttributes = { 'data-sanity'?: string }

/** `edit('title')`, `edit('slides[_key=="k"].heading')`: the attributes for one field of one document. */
export type FieldEditor = (path: string) => EditAttributes

const NOT_EDITABLE: FieldEditor = () => ({})

// Where an overlay's "open in Studio" link goes outside Presentation (inside it, the Studio
// focuses the field itself): the Studio this site's editors use.
const STUDIO_URL = localAddresses(process.env).studioUrl

/**
 * The overlay attributes for fields of `document`, in draft mode only: public pages, rendered
 * and cached outside it, never carry a `data-sanity` attribute. The attribute names the document
 * and the field path, so it needs no Content Source Map from the content source.
 */
export async function fieldEditor(
  document: { _id: string; _type: string } | null | undefined,
): Promise<FieldEditor> {
  if (!document || !(await draftMode()).isEnabled) return NOT_EDITABLE
  const forDocument = createDataAttribute({
    projectId: sanityEnv.projectId,
    dataset: sanityEnv.dataset,
    baseUrl: STUDIO_URL,
    id: document._id,
    type: document._type,
  })
  return (path) => ({ 'data-sanity': forDocument(path).toString() })
}

/** The path of a field of one slide, by its `_key`, as the Studio addresses array items. */
export function slideField(key: string, field: string): string {
  return `slides[_key=="${key}"].${field}`
}
