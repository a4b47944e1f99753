import { stat } from 'node:fs/promises'
import { assetFilePath, DATASET_NAME, IMAGE_FILE_NAME, variantFilePath } from '../assets/assetFiles.ts'
import { mimeTypeForExtension } from '../assets/fileAssets.ts'
import { CONTENT_TYPES, renderVariant } from '../assets/renderVariant.ts'
import { parseImageRequest } from '../assets/transformParams.ts'
import { cachedVariant, variantKey } from '../assets/variantCache.ts'
import type { RequestContext } from './context.ts'
import { notFound } from './errors.ts'
import { downloadName, sendStoredFile } from './files.ts'

/**
 * `GET /images/:projectId/:dataset/<sha1>-<w>x<h>.<ext>[/<vanity name>]`: the original image,
 * or with image CDN parameters (`w`, `h`, `fit`, `crop`, `rect`, `auto=format`, ...) a variant
 * rendered once and kept on disk. The name is matched against a strict pattern before it
 * touches the file system, so no path can escape the assets folder.
 */
export async function handleImage(context: RequestContext): Promise<void> {
  const { lake, params } = context
  const { projectId, dataset = '', file = '' } = params
  const match = IMAGE_FILE_NAME.exec(file)
  if (projectId !== lake.config.projectId || !match || !DATASET_NAME.test(dataset)) {
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
  const variantPath = variantFilePath(
    lake.assetsDir,
    dataset,
    sha1,
    `${key}.${transform.format === 'pjpg' ? 'jpg' : transform.format}`,
  )
  await sendStoredFile(
    context,
    {
      etag: `"${sha1}-${key}"`,
      contentType: CONTENT_TYPES[transform.format],
      variesByAccept: request.negotiated,
      download,
    },
    () => cachedVariant(variantPath, () => renderVariant(path, source, transform)),
  )
}
