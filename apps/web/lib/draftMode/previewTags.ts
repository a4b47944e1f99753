import 'server-only'
import { cache } from 'react'

/**
 * The sync tags of every draft-mode query one request ran (the content source returns them with
 * each answer). The page hands them to its live refresh, which then re-renders only for changes
 * to what the page shows. One set per request: React's `cache` scopes it to the render.
 */
export const previewTags = cache(() => new Set<string>())
