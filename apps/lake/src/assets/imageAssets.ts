import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import sharp, { type Metadata } from 'sharp'
import { badRequest } from '../http/errors.ts'
import type { Lake } from '../lake.ts'
import type { SanityDocument } from '../store/types.ts'
import { assetFilePath } from './assetFiles.ts'

const FORMATS: Record<string, { extension: string; mimeType: string }> = {
  jpeg: { extension: 'jpg', mimeType: 'image/jpeg' },
  png: { extension: 'png', mimeType: 'image/png' },
  webp: { extension: 'webp', mimeType: 'image/webp' },
  gif: { extension: 'gif', mimeType: 'image/gif' },
  avif: { extension: 'avif', mimeType: 'image/avif' },
  heif: { extension: 'avif', mimeType: 'image/avif' },
  tiff: { extension: 'tiff', mimeType: 'image/tiff' },
  svg: { extension: 'svg', mimeType: 'image/svg+xml' },
}

export interface AssetMeta {
  originalFilename?: string | undefined
  label?: string | undefined
  title?: string | undefined
  description?: string | undefined
  creditLine?: string | undefined
  source?: { name: string; id?: string; url?: string } | undefined
}

/** A tiny blurred JPEG data URL, the placeholder `metadata.lqip` holds on the hosted API. */
async function lqipOf(bytes: Buffer): Promise<string> {
  const preview = await sharp(bytes).resize(20, 20, { fit: 'inside' }).blur().jpeg({ quality: 40 }).toBuffer()
  return `data:image/jpeg;base64,${preview.toString('base64')}`
}

/**
 * Stores an image (content-addressed by sha1, so the same bytes give the same asset) and
 * returns its `sanity.imageAsset` document, not yet committed: callers commit it with the rest
 * of their transaction.
 */
export async function prepareImageAsset(
  lake: Lake,
  dataset: string,
  bytes: Buffer,
  meta: AssetMeta = {},
): Promise<SanityDocument> {
  let info: Metadata
  try {
    info = await sharp(bytes).metadata()
  } catch {
    throw badRequest(
      'Invalid image: the uploaded file is not an image this lake can read',
      'invalidImageError',
    )
  }
  const format = FORMATS[info.format ?? '']
  if (!format || !info.width || !info.height)
    throw badRequest(`Unsupported image format "${info.format}"`, 'invalidImageError')
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  const { width, height } = info
  const fileName = `${sha1}-${width}x${height}.${format.extension}`
  const file = assetFilePath(lake.assetsDir, dataset, 'images', fileName)
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    // Write then rename, so a crash never leaves a half-written asset under its final name.
    writeFileSync(`${file}.tmp`, bytes)
    renameSync(`${file}.tmp`, file)
  }
  const { dominant } = await sharp(bytes).stats()
  const now = new Date().toISOString()
  const path = `images/${lake.config.projectId}/${dataset}/${fileName}`
  return {
    _id: `image-${sha1}-${width}x${height}-${format.extension}`,
    _type: 'sanity.imageAsset',
    _rev: '',
    _createdAt: now,
    _updatedAt: now,
    assetId: sha1,
    sha1hash: sha1,
    extension: format.extension,
    mimeType: format.mimeType,
    size: bytes.length,
    path,
    url: `https://localhost:${lake.config.tlsPort}/${path}`,
    uploadId: sha1.slice(0, 32),
    ...(meta.originalFilename ? { originalFilename: meta.originalFilename } : {}),
    ...(meta.label ? { label: meta.label } : {}),
    ...(meta.title ? { title: meta.title } : {}),
    ...(meta.description ? { description: meta.description } : {}),
    ...(meta.creditLine ? { creditLine: meta.creditLine } : {}),
    ...(meta.source ? { source: meta.source } : {}),
    metadata: {
      _type: 'sanity.imageMetadata',
      dimensions: { _type: 'sanity.imageDimensions', width, height, aspectRatio: width / height },
      hasAlpha: Boolean(info.hasAlpha),
      isOpaque: !info.hasAlpha,
      lqip: await lqipOf(bytes),
      palette: {
        _type: 'sanity.imagePalette',
        dominant: {
          _type: 'sanity.imagePaletteSwatch',
          background: `#${[dominant.r, dominant.g, dominant.b].map((c) => c.toString(16).padStart(2, '0')).join('')}`,
          foreground: dominant.r * 0.299 + dominant.g * 0.587 + dominant.b * 0.114 > 150 ? '#000' : '#fff',
          population: 1,
          title: '#fff',
        },
      },
    },
  }
}
