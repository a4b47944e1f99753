/** The element that carries a draft-mode page's sync tags to its live refresh. */
export const PREVIEW_TAGS_ID = 'preview-tags'
