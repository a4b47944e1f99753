import { createReadStream } from 'node:fs'
import { type FileHandle, stat } from 'node:fs/promises'
import type { OutgoingHttpHeaders } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { assetFilePath, DATASET_NAME, FILE_FILE_NAME } from '../assets/assetFiles.ts'
import { GENERIC_MIME, mimeTypeForExtension, normalisedMimeType } from '../assets/mimeTypes.ts'
import { notFound } from '../errors.ts'
import type { Lake } from '../lake.ts'
import type { LakeResponse, RequestContext } from './context.ts'

/**
 * Where a response's bytes come from, and (for `x-lake-variant`) how they were obtained: a path,
 * a file already open (closed here once sent), or bytes in memory.
 */
export type StoredBody =
  | { path: string; size: number; origin: string }
  | { handle: FileHandle; size: number; origin: string }
  | { bytes: Buffer; origin: string }

export interface StoredHead {
  /** Quoted; per content (and per variant), so it never changes for one URL and `Accept`. */
  etag: string
  contentType: string
  /** The format was negotiated from `Accept`. */
  variesByAccept?: boolean
  /** Serve as an attachment under this name (`?dl=`). */
  download?: string | undefined
}

/**
 * Asset bytes come from uploaders, and the lake's origin is the Studio's API origin: whatever
 * the type, a browser opening one must not run it as a page of that origin (`sandbox`: no
 * script, a unique origin) nor guess a more active type than the one sent (`nosniff`). Set
 * before anything can fail, so errors, 304s and HEADs carry them too.
 */
export function protectAssetResponse(res: LakeResponse): void {
  res.setHeader('content-security-policy', 'sandbox')
  res.setHeader('x-content-type-options', 'nosniff')
}

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
    'x-lake-variant': body.origin,
    ...(head.download !== undefined ? { 'content-disposition': attachment(head.download) } : {}),
  })
  if (req.method === 'HEAD') {
    if ('handle' in body) await body.handle.close()
    res.end()
    return
  }
  if ('bytes' in body) {
    res.end(body.bytes)
    return
  }
  const stream = 'handle' in body ? body.handle.createReadStream() : createReadStream(body.path)
  // Once the status line is out there is nothing to report a failed read or a client that went
  // away to: the pipeline has already destroyed the response, which is all that is left to do.
  await pipeline(stream, res).catch(() => {})
}

/** The name a `?dl=` download gets: the one asked for, else the URL's (vanity) file name. */
export function downloadName(context: RequestContext): string | undefined {
  const requested = context.url.searchParams.get('dl')
  if (requested === null) return undefined
  return requested || context.params.vanity || context.params.file
}

/**
 * The type the asset document records (normally the uploader's, already normalised; but a
 * mutation or an import can write anything there, so it is checked again), else the extension's.
 */
function servedMimeType(lake: Lake, dataset: string, sha1: string, extension: string): string {
  const document = lake.hasDataset(dataset)
    ? lake.dataset(dataset).storage.get(`file-${sha1}-${extension}`)
    : undefined
  const recorded = document?.mimeType
  if (typeof recorded !== 'string') return mimeTypeForExtension(extension)
  return normalisedMimeType(recorded) ?? GENERIC_MIME
}

/**
 * `GET /files/:projectId/:dataset/<sha1>.<ext>`: a file asset's bytes. The name is matched
 * against a strict pattern before it touches the file system, so no path can escape the assets
 * folder.
 */
export async function handleFile(context: RequestContext): Promise<void> {
  protectAssetResponse(context.res)
  const { projectId, dataset = '', file = '' } = context.params
  const match = FILE_FILE_NAME.exec(file)
  if (!context.lake.acceptsProject(projectId ?? '') || !match || !DATASET_NAME.test(dataset)) {
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
      contentType: servedMimeType(context.lake, dataset, sha1, extension),
      download: downloadName(context),
    },
    async () => ({ path, size: stored.size, origin: 'original' }),
  )
}
