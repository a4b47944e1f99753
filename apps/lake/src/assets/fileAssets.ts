import { createHash } from 'node:crypto'
import type { Lake } from '../lake.ts'
import type { SanityDocument } from '../store/types.ts'
import { assetFilePath, storeAssetBytes } from './assetFiles.ts'
import { type AssetHome, assetUrl } from './assetHome.ts'
import { type AssetMeta, describedBy } from './assetMeta.ts'
import { extensionForMimeType, GENERIC_MIME, mimeTypeForExtension, normalisedMimeType } from './mimeTypes.ts'

/**
 * A file's identity: its hash and the extension its name (or failing that its type) implies. A
 * declared type that is not one clean `type/subtype` is ignored for the extension's own.
 */
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
  const declared = normalisedMimeType(contentType)
  const mimeType = declared !== GENERIC_MIME ? declared : undefined
  const fromName = /\.([a-z0-9]{1,10})$/.exec(filename?.toLowerCase() ?? '')?.[1]
  const fromType = mimeType && extensionForMimeType(mimeType)
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
  home: AssetHome = lake.assetHome,
): Promise<SanityDocument> {
  await storeAssetBytes(assetFilePath(lake.assetsDir, dataset, 'files', file.fileName), bytes)
  const now = new Date().toISOString()
  const path = `files/${home.projectId}/${dataset}/${file.fileName}`
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
    url: assetUrl(home, path),
    uploadId: file.sha1.slice(0, 32),
    ...describedBy(meta),
  }
}
