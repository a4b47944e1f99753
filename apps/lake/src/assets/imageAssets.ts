import { createHash } from 'node:crypto'
import sharp, { type Metadata, type SharpOptions } from 'sharp'
import { badRequest, invalidImage, tooManyPixels } from '../errors.ts'
import type { Lake } from '../lake.ts'
import type { SanityDocument } from '../store/types.ts'
import { assetFilePath, storeAssetBytes } from './assetFiles.ts'
import { type AssetHome, assetUrl } from './assetHome.ts'
import { type AssetMeta, describedBy } from './assetMeta.ts'
import { paletteOf } from './imagePalette.ts'
import { imageWorkOf } from './imageWork.ts'

/**
 * Truncated or corrupt pixel data is an error; decoder warnings are not, because many camera
 * JPEGs carry harmless ones and the hosted API accepts them. Uploads and renders decode alike,
 * and neither decodes more pixels than the lake accepts in an upload.
 */
export function decodeOptions(maxPixels: number): SharpOptions {
  return { failOn: 'error', limitInputPixels: maxPixels }
}

/** The formats an image asset may have, by sharp's name for the decoder. */
const IMAGE_FORMATS: Partial<Record<string, { extension: string; mimeType: string }>> = {
  jpeg: { extension: 'jpg', mimeType: 'image/jpeg' },
  png: { extension: 'png', mimeType: 'image/png' },
  webp: { extension: 'webp', mimeType: 'image/webp' },
  gif: { extension: 'gif', mimeType: 'image/gif' },
  heif: { extension: 'avif', mimeType: 'image/avif' },
  tiff: { extension: 'tiff', mimeType: 'image/tiff' },
  svg: { extension: 'svg', mimeType: 'image/svg+xml' },
}

/** What an upload can ask to have extracted (`?meta=`); the lake computes lqip and palette. */
export type ExtractedMetadata = 'lqip' | 'palette'
const META_VALUES = new Set(['lqip', 'palette', 'blurhash', 'exif', 'location', 'image', 'none'])
const DEFAULT_EXTRACT: ReadonlySet<ExtractedMetadata> = new Set(['lqip', 'palette'])

/** Reads `?meta=` values: none given means the hosted default, `none` means nothing extra. */
export function extractedMetadata(values: string[]): ReadonlySet<ExtractedMetadata> {
  if (values.length === 0) return DEFAULT_EXTRACT
  const unknown = values.find((value) => !META_VALUES.has(value))
  if (unknown) throw badRequest(`Invalid meta value "${unknown}": use ${[...META_VALUES].join(', ')}`)
  return new Set(
    values.filter((value): value is ExtractedMetadata => value === 'lqip' || value === 'palette'),
  )
}

/** An image's identity, read from its header: enough to name it and find an existing asset. */
export interface InspectedImage {
  sha1: string
  /** As displayed, i.e. after the EXIF orientation is applied. */
  width: number
  height: number
  extension: string
  mimeType: string
  hasAlpha: boolean
  fileName: string
  assetId: string
}

/** Reads only the header, so an image too large to accept is refused before any pixel is decoded. */
export async function inspectImage(bytes: Buffer, maxPixels: number): Promise<InspectedImage> {
  let info: Metadata
  try {
    info = await sharp(bytes).metadata()
  } catch {
    throw invalidImage('the uploaded file is not an image this lake can read')
  }
  // HEIF holds AVIF (AV1) and HEIC (HEVC); sharp's prebuilt libheif decodes only the former.
  const heic = info.format === 'heif' && info.compression !== 'av1'
  const format = heic ? undefined : IMAGE_FORMATS[info.format]
  if (!format) throw invalidImage(`unsupported image format "${heic ? 'heic' : info.format}"`)
  const { width, height } = info.autoOrient
  if (!width || !height) throw invalidImage('the image has no dimensions')
  if (width * height > maxPixels) throw tooManyPixels(width, height, maxPixels)
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  return {
    sha1,
    width,
    height,
    extension: format.extension,
    mimeType: format.mimeType,
    hasAlpha: Boolean(info.hasAlpha),
    fileName: `${sha1}-${width}x${height}.${format.extension}`,
    assetId: `image-${sha1}-${width}x${height}-${format.extension}`,
  }
}

/**
 * Decodes every pixel (a header can be intact while the data is truncated) and takes what the
 * metadata needs: opacity from the full image, palette and lqip from one small downscale.
 */
async function analyse(bytes: Buffer, extract: ReadonlySet<ExtractedMetadata>, maxPixels: number) {
  try {
    const { isOpaque } = await sharp(bytes, decodeOptions(maxPixels)).stats()
    const small = await sharp(bytes, decodeOptions(maxPixels))
      .autoOrient()
      .resize(64, 64, { fit: 'inside' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    const lqip = extract.has('lqip') ? await lqipOf(small.data, small.info) : undefined
    const palette = extract.has('palette') ? paletteOf(small.data) : undefined
    return { isOpaque, lqip, palette }
  } catch {
    throw invalidImage('the image data cannot be decoded (truncated, corrupt or too large)')
  }
}

/** A 20 px wide JPEG data URL, the placeholder `metadata.lqip` holds on the hosted API. */
async function lqipOf(rgba: Buffer, size: { width: number; height: number }): Promise<string> {
  const preview = await sharp(rgba, { raw: { width: size.width, height: size.height, channels: 4 } })
    .resize(20)
    .flatten({ background: '#fff' })
    .jpeg({ quality: 40 })
    .toBuffer()
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
  options: { extract?: ReadonlySet<ExtractedMetadata>; inspected?: InspectedImage; home?: AssetHome } = {},
): Promise<SanityDocument> {
  const { maxImagePixels } = lake.config
  const image = options.inspected ?? (await inspectImage(bytes, maxImagePixels))
  const extract = options.extract ?? DEFAULT_EXTRACT
  const { isOpaque, lqip, palette } = await imageWorkOf(lake).queue.run(
    () => analyse(bytes, extract, maxImagePixels),
    { urgent: true },
  )
  await storeAssetBytes(assetFilePath(lake.assetsDir, dataset, 'images', image.fileName), bytes)
  const now = new Date().toISOString()
  const home = options.home ?? lake.assetHome
  const path = `images/${home.projectId}/${dataset}/${image.fileName}`
  const { width, height } = image
  return {
    _id: image.assetId,
    _type: 'sanity.imageAsset',
    _rev: '',
    _createdAt: now,
    _updatedAt: now,
    assetId: image.sha1,
    sha1hash: image.sha1,
    extension: image.extension,
    mimeType: image.mimeType,
    size: bytes.length,
    path,
    url: assetUrl(home, path),
    uploadId: image.sha1.slice(0, 32),
    ...describedBy(meta),
    metadata: {
      _type: 'sanity.imageMetadata',
      dimensions: { _type: 'sanity.imageDimensions', width, height, aspectRatio: width / height },
      hasAlpha: image.hasAlpha,
      isOpaque,
      ...(lqip ? { lqip } : {}),
      ...(palette ? { palette } : {}),
    },
  }
}
