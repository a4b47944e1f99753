import { stat } from 'node:fs/promises'
import { assetFilePath, DATASET_NAME, IMAGE_FILE_NAME, variantFilePath } from '../assets/assetFiles.ts'
import { imageWorkOf } from '../assets/imageWork.ts'
import { mimeTypeForExtension, VARIANT_CONTENT_TYPES } from '../assets/mimeTypes.ts'
import { type ImageTransform, parseImageRequest, type SourceImage } from '../assets/transformParams.ts'
import { type Variant, variantKey } from '../assets/variantCache.ts'
import { notFound, RenderQueueFull } from '../errors.ts'
import type { Lake } from '../lake.ts'
import type { RequestContext } from './context.ts'
import { sendError } from './errors.ts'
import { downloadName, protectAssetResponse, sendStoredFile } from './files.ts'

/**
 * `GET /images/:projectId/:dataset/<sha1>-<w>x<h>.<ext>[/<vanity name>]`: the original image,
 * or with image CDN parameters (`w`, `h`, `fit`, `crop`, `rect`, `auto=format`, ...) a variant
 * rendered once and kept on disk. The name is matched against a strict pattern before it
 * touches the file system, so no path can escape the assets folder. Originals and stored
 * variants are sent straight away; only a new variant waits for a render slot.
 */
export async function handleImage(context: RequestContext): Promise<void> {
  protectAssetResponse(context.res)
  const { lake, params } = context
  const { projectId, dataset = '', file = '' } = params
  const match = IMAGE_FILE_NAME.exec(file)
  if (!lake.acceptsProject(projectId ?? '') || !match || !DATASET_NAME.test(dataset)) {
    throw notFound('Image not found')
  }
  const [, sha1 = '', width = '', height = '', extension = ''] = match
  const path = assetFilePath(lake.assetsDir, dataset, 'images', file)
  const original = await stat(path).catch(() => undefined)
  if (!original) throw notFound('Image not found')

  const source = { width: Number(width), height: Number(height), extension }
  const request = parseImageRequest(context.url.searchParams, source, context.req.headers.accept)
  const download = downloadName(context)
  const { transform } = request
  if (!transform) {
    await sendStoredFile(
      context,
      {
        etag: `"${sha1}"`,
        contentType: mimeTypeForExtension(extension),
        variesByAccept: request.negotiated,
        download,
      },
      async () => ({ path, size: original.size, origin: 'original' }),
    )
    return
  }
  const key = variantKey(sha1, transform)
  try {
    await sendStoredFile(
      context,
      {
        etag: `"${sha1}-${key}"`,
        contentType: VARIANT_CONTENT_TYPES[transform.format],
        variesByAccept: request.negotiated,
        download,
      },
      () => variantOf(context.lake, { dataset, sha1, key, path, source, transform }),
    )
  } catch (error) {
    if (!(error instanceof RenderQueueFull)) throw error
    refuseForNow(context, error)
  }
}

/**
 * A full queue is the lake shedding load as designed: the answer says when to come back, and no
 * cache may keep it.
 */
function refuseForNow(context: RequestContext, error: RenderQueueFull): void {
  context.res.setHeader('retry-after', String(error.retryAfterSeconds))
  context.res.setHeader('cache-control', 'no-store')
  sendError(context.res, error)
}

interface VariantRequest {
  dataset: string
  sha1: string
  key: string
  /** The original's file. */
  path: string
  source: SourceImage
  transform: ImageTransform
}

/** The variant from the cache, else rendered when a render slot is free. */
function variantOf(lake: Lake, request: VariantRequest): Promise<Variant> {
  const { dataset, sha1, key, path, source, transform } = request
  const { queue, variants } = imageWorkOf(lake)
  const extension = transform.format === 'pjpg' ? 'jpg' : transform.format
  const variantPath = variantFilePath(lake.assetsDir, dataset, sha1, `${key}.${extension}`)
  return variants.variant(variantPath, () =>
    queue.run(async () => {
      // sharp and libvips weigh tens of megabytes: a lake that renders no variant never loads them.
      const { renderVariant } = await import('../assets/renderVariant.ts')
      return renderVariant(path, source, transform, lake.config.maxImagePixels)
    }),
  )
}
