import { createHash } from 'node:crypto'
import type { Lake } from '../lake.ts'
import type { SanityDocument } from '../store/types.ts'
import { assetFilePath, storeAssetBytes } from './assetFiles.ts'
import { type AssetMeta, describedBy } from './assetMeta.ts'

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

const GENERIC_MIME = 'application/octet-stream'

export function mimeTypeForExtension(extension: string): string {
  return MIME_TYPES[extension] ?? GENERIC_MIME
}

/** A file's identity: its hash and the extension its name (or failing that its type) implies. */
export interface DescribedFile {
  sha1: string
  extension: string
  mimeType: string
  fileName: string
  assetId: string
}

export function describeFile(
  bytes: Buffer,
  filename: string | undefined,
  contentType: string | undefined,
): DescribedFile {
  const declared = contentType?.split(';')[0]?.trim().toLowerCase()
  const mimeType = declared && declared !== GENERIC_MIME ? declared : undefined
  const fromName = /\.([a-z0-9]{1,10})$/.exec(filename?.toLowerCase() ?? '')?.[1]
  const fromType = Object.entries(MIME_TYPES).find(([, type]) => type === mimeType)?.[0]
  const extension = fromName === 'jpeg' ? 'jpg' : (fromName ?? fromType ?? 'bin')
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  return {
    sha1,
    extension,
    mimeType: mimeType ?? mimeTypeForExtension(extension),
    fileName: `${sha1}.${extension}`,
    assetId: `file-${sha1}-${extension}`,
  }
}

/** Stores a file (content-addressed by sha1) and returns its uncommitted `sanity.fileAsset`. */
export async function prepareFileAsset(
  lake: Lake,
  dataset: string,
  bytes: Buffer,
  file: DescribedFile,
  meta: AssetMeta = {},
): Promise<SanityDocument> {
  await storeAssetBytes(assetFilePath(lake.assetsDir, dataset, 'files', file.fileName), bytes)
  const now = new Date().toISOString()
  const path = `files/${lake.config.projectId}/${dataset}/${file.fileName}`
  return {
    _id: file.assetId,
    _type: 'sanity.fileAsset',
    _rev: '',
    _createdAt: now,
    _updatedAt: now,
    assetId: file.sha1,
    sha1hash: file.sha1,
    extension: file.extension,
    mimeType: file.mimeType,
    size: bytes.length,
    path,
    url: lake.assetUrl(path),
    uploadId: file.sha1.slice(0, 32),
    ...describedBy(meta),
  }
}
