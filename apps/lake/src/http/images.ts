import { createReadStream, existsSync, statSync } from 'node:fs'
import { assetFilePath, IMAGE_FILE_NAME } from '../assets/assetFiles.ts'
import type { RequestContext } from './context.ts'
import { notFound } from './errors.ts'

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
}

/**
 * `GET /images/:projectId/:dataset/<sha1>-<w>x<h>.<ext>`: the original image bytes. The name
 * is matched against a strict pattern before it touches the file system, so no path can escape
 * the assets folder.
 */
export function handleImage(context: RequestContext): void {
  const { projectId, dataset = '', file = '' } = context.params
  const match = IMAGE_FILE_NAME.exec(file)
  if (projectId !== context.lake.config.projectId || !match || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(dataset)) {
    throw notFound('Image not found')
  }
  const path = assetFilePath(context.lake.assetsDir, dataset, 'images', file)
  if (!existsSync(path)) throw notFound('Image not found')
  const etag = `"${match[1]}"`
  const headers = {
    'content-type': MIME[match[4] ?? ''] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=31536000, immutable',
    etag,
  }
  if (context.req.headers['if-none-match'] === etag) {
    context.res.writeHead(304, headers)
    context.res.end()
    return
  }
  context.res.writeHead(200, { ...headers, 'content-length': statSync(path).size })
  if (context.req.method === 'HEAD') {
    context.res.end()
    return
  }
  createReadStream(path).pipe(context.res)
}
