import { createReadStream, existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { OutgoingHttpHeaders } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { assetFilePath, DATASET_NAME, FILE_FILE_NAME } from '../assets/assetFiles.ts'
import { mimeTypeForExtension } from '../assets/fileAssets.ts'
import type { Lake } from '../lake.ts'
import type { RequestContext } from './context.ts'
import { notFound } from './errors.ts'

/** Where a response's bytes come from, and (for `x-lake-variant`) how they were obtained. */
export type StoredBody = { path: string; size: number; origin: string } | { bytes: Buffer; origin: string }

export interface StoredHead {
  /** Quoted; per content (and per variant), so it never changes for one URL and `Accept`. */
  etag: string
  contentType: string
  /** The format was negotiated from `Accept`. */
  variesByAccept?: boolean
  /** Serve as an attachment under this name (`?dl=`). */
  download?: string | undefined
}

/** Types a browser would run as a document with scripts; served sandboxed from the lake's origin. */
const ACTIVE_CONTENT = /^(?:image\/svg\+xml|text\/html|application\/xhtml\+xml|(?:text|application)\/xml)$/

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((candidate) => {
    const tag = candidate.trim()
    return tag === '*' || tag === etag || tag === `W/${etag}`
  })
}

function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/**
 * Answers with immutable, content-addressed bytes: long-lived caching, a 304 when the client
 * already has this ETag (checked before `load`, so a 304 never renders anything), and no body
 * for HEAD.
 */
export async function sendStoredFile(
  context: RequestContext,
  head: StoredHead,
  load: () => Promise<StoredBody>,
): Promise<void> {
  const { req, res } = context
  // writeHead replaces the router's `Vary: Origin` rather than adding to it, so repeat it here.
  const vary = [req.headers.origin ? 'Origin' : '', head.variesByAccept ? 'Accept' : ''].filter(Boolean)
  const headers: OutgoingHttpHeaders = {
    etag: head.etag,
    'cache-control': 'public, max-age=31536000, immutable',
    ...(vary.length > 0 ? { vary: vary.join(', ') } : {}),
  }
  if (matchesEtag(req.headers['if-none-match'], head.etag)) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  const body = await load()
  res.writeHead(200, {
    ...headers,
    'content-type': head.contentType,
    'content-length': 'bytes' in body ? body.bytes.length : body.size,
    'x-content-type-options': 'nosniff',
    'x-lake-variant': body.origin,
    ...(ACTIVE_CONTENT.test(head.contentType) ? { 'content-security-policy': 'sandbox' } : {}),
    ...(head.download !== undefined ? { 'content-disposition': attachment(head.download) } : {}),
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  if ('bytes' in body) {
    res.end(body.bytes)
    return
  }
  // Once the status line is out there is nothing to report a failed read or a client that went
  // away to: the pipeline has already destroyed the response, which is all that is left to do.
  await pipeline(createReadStream(body.path), res).catch(() => {})
}

/** The name a `?dl=` download gets: the one asked for, else the URL's (vanity) file name. */
export function downloadName(context: RequestContext): string | undefined {
  const requested = context.url.searchParams.get('dl')
  if (requested === null) return undefined
  return requested || context.params.vanity || context.params.file
}

/** The type the uploader declared, kept on the asset document; else the extension's. */
function storedMimeType(lake: Lake, dataset: string, sha1: string, extension: string): string {
  // Only look in a dataset that exists: opening one by name would create it.
  const document = existsSync(lake.datasetFile(dataset))
    ? lake.dataset(dataset).storage.get(`file-${sha1}-${extension}`)
    : undefined
  return typeof document?.mimeType === 'string' ? document.mimeType : mimeTypeForExtension(extension)
}

/**
 * `GET /files/:projectId/:dataset/<sha1>.<ext>`: a file asset's bytes. The name is matched
 * against a strict pattern before it touches the file system, so no path can escape the assets
 * folder.
 */
export async function handleFile(context: RequestContext): Promise<void> {
  const { projectId, dataset = '', file = '' } = context.params
  const match = FILE_FILE_NAME.exec(file)
  if (projectId !== context.lake.config.projectId || !match || !DATASET_NAME.test(dataset)) {
    throw notFound('File not found')
  }
  const [, sha1 = '', extension = ''] = match
  const path = assetFilePath(context.lake.assetsDir, dataset, 'files', file)
  const stored = await stat(path).catch(() => undefined)
  if (!stored) throw notFound('File not found')
  await sendStoredFile(
    context,
    {
      etag: `"${sha1}"`,
      contentType: storedMimeType(context.lake, dataset, sha1, extension),
      download: downloadName(context),
    },
    async () => ({ path, size: stored.size, origin: 'original' }),
  )
}
