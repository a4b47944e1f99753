import { assetFilePath, storeAssetBytes } from '../assets/assetFiles.ts'
import { type AssetHome, SANITY_ASSET_CDN } from '../assets/assetHome.ts'
import { assetMetaFrom } from '../assets/assetMeta.ts'
import { describeFile, prepareFileAsset } from '../assets/fileAssets.ts'
import { badRequest } from '../errors.ts'
import type { Dataset } from '../store/dataset.ts'
import type { SanityDocument } from '../store/types.ts'
import { readBody } from './body.ts'
import { projectOf, type RequestContext, sendJson } from './context.ts'
import { datasetOf, requireWrite } from './datasetAccess.ts'

async function readUpload(context: RequestContext): Promise<Buffer> {
  const bytes = await readBody(context.req, context.lake.config.maxAssetBytes)
  if (bytes.length === 0) throw badRequest('Empty upload: send the asset bytes as the request body')
  return bytes
}

/**
 * Assets are content-addressed: the same bytes again answer with the existing document and
 * commit nothing. The stored file is put back should it have gone missing.
 */
async function existingAsset(dataset: Dataset, id: string, path: string, bytes: Buffer) {
  const existing = dataset.storage.get(id)
  if (existing) await storeAssetBytes(path, bytes)
  return existing
}

function commitAsset(context: RequestContext, dataset: Dataset, asset: SanityDocument): void {
  const { _rev, _createdAt, _updatedAt, ...body } = asset
  const { transaction } = dataset.commit([{ createIfNotExists: body }], { identity: context.identity.id })
  // A concurrent upload of the same bytes may have committed first; either way answer with the stored one.
  sendJson(context.res, 200, { document: transaction.changes[0]?.after ?? dataset.storage.get(asset._id) })
}

/** Uploaded through Sanity's names, an asset says it lives where hosted puts it (assets/assetHome.ts). */
function assetHomeOf(context: RequestContext): AssetHome {
  if (!context.sanity) return context.lake.assetHome
  return { projectId: projectOf(context), origin: SANITY_ASSET_CDN }
}

/** `POST /assets/images/:dataset`: raw image bytes in, a `sanity.imageAsset` document out. */
export async function handleImageUpload(context: RequestContext): Promise<void> {
  requireWrite(context)
  const dataset = datasetOf(context)
  // sharp and libvips weigh tens of megabytes: loaded with the first image, not at start.
  const { extractedMetadata, inspectImage, prepareImageAsset } = await import('../assets/imageAssets.ts')
  const search = context.url.searchParams
  const extract = extractedMetadata([...search.getAll('meta'), ...search.getAll('meta[]')])
  const bytes = await readUpload(context)
  const image = await inspectImage(bytes, context.lake.config.maxImagePixels)
  const path = assetFilePath(context.lake.assetsDir, dataset.name, 'images', image.fileName)
  const existing = await existingAsset(dataset, image.assetId, path, bytes)
  if (existing) {
    sendJson(context.res, 200, { document: existing })
    return
  }
  const asset = await prepareImageAsset(context.lake, dataset.name, bytes, assetMetaFrom(search), {
    extract,
    inspected: image,
    home: assetHomeOf(context),
  })
  commitAsset(context, dataset, asset)
}

/** `POST /assets/files/:dataset`: any bytes in, a `sanity.fileAsset` document out. */
export async function handleFileUpload(context: RequestContext): Promise<void> {
  requireWrite(context)
  const dataset = datasetOf(context)
  const search = context.url.searchParams
  const bytes = await readUpload(context)
  const meta = assetMetaFrom(search)
  const file = describeFile(bytes, meta.originalFilename, context.req.headers['content-type'])
  const path = assetFilePath(context.lake.assetsDir, dataset.name, 'files', file.fileName)
  const existing = await existingAsset(dataset, file.assetId, path, bytes)
  if (existing) {
    sendJson(context.res, 200, { document: existing })
    return
  }
  const asset = await prepareFileAsset(context.lake, dataset.name, bytes, file, meta, assetHomeOf(context))
  commitAsset(context, dataset, asset)
}
