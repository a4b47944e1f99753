import type { OutputFormat } from './transformParams.ts'

/**
 * Content types as the lake stores and serves them. A declared type is only ever kept as a bare
 * `type/subtype`: browsers read a comma list (`text/plain,text/html`) or a stray comma
 * (`text/html,`) as the last type in it, so anything but one clean type is not passed on.
 */

/** What the image API serves each variant format (`fm`, or the one `auto=format` picked) as. */
export const VARIANT_CONTENT_TYPES: Record<OutputFormat, string> = {
  jpg: 'image/jpeg',
  pjpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
}

const MIME_TYPES: Record<string, string> = {
  avif: 'image/avif',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  gif: 'image/gif',
  html: 'text/html',
  jpg: 'image/jpeg',
  json: 'application/json',
  m4a: 'audio/mp4',
  md: 'text/markdown',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  ogg: 'audio/ogg',
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml',
  tiff: 'image/tiff',
  txt: 'text/plain',
  vtt: 'text/vtt',
  wav: 'audio/wav',
  webm: 'video/webm',
  webp: 'image/webp',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
}

export const GENERIC_MIME = 'application/octet-stream'

/** RFC 9110 token characters, less the ones no registered type uses (`*`, `'`, `` ` ``, `|`, `~`). */
const ESSENCE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/

export function mimeTypeForExtension(extension: string): string {
  return MIME_TYPES[extension] ?? GENERIC_MIME
}

export function extensionForMimeType(mimeType: string): string | undefined {
  return Object.entries(MIME_TYPES).find(([, type]) => type === mimeType)?.[0]
}

/**
 * The bare type of a declared `Content-Type`, parameters dropped; undefined when it is not
 * exactly one well-formed type (lists, empty parts, quotes, control characters, wildcards).
 */
export function normalisedMimeType(declared: string | undefined): string | undefined {
  if (declared === undefined || declared.includes(',')) return undefined
  const essence = declared.split(';')[0]?.trim().toLowerCase() ?? ''
  return ESSENCE.test(essence) ? essence : undefined
}
