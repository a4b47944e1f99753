import { prepareImageAsset } from '../assets/imageAssets.ts'
import { readBody } from './body.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf, requireWrite } from './datasetAccess.ts'
import { badRequest } from './errors.ts'

const MAX_IMAGE_BYTES = 50 * 1024 * 1024

/** `POST /assets/images/:dataset`: raw image bytes in, a `sanity.imageAsset` document out. */
export async function handleImageUpload(context: RequestContext): Promise<void> {
  requireWrite(context)
  const dataset = datasetOf(context)
  const bytes = await readBody(context.req, MAX_IMAGE_BYTES)
  if (bytes.length === 0) throw badRequest('Empty upload: send the image bytes as the request body')
  const search = context.url.searchParams
  const asset = await prepareImageAsset(context.lake, dataset.name, bytes, {
    originalFilename: search.get('filename') ?? undefined,
    label: search.get('label') ?? undefined,
    title: search.get('title') ?? undefined,
    description: search.get('description') ?? undefined,
    creditLine: search.get('creditLine') ?? undefined,
    source: search.get('sourceName')
      ? {
          name: String(search.get('sourceName')),
          ...(search.get('sourceId') ? { id: String(search.get('sourceId')) } : {}),
          ...(search.get('sourceUrl') ? { url: String(search.get('sourceUrl')) } : {}),
        }
      : undefined,
  })
  const existing = dataset.storage.get(asset._id)
  if (existing) {
    sendJson(context.res, 200, { document: existing })
    return
  }
  const { _rev, _createdAt, _updatedAt, ...body } = asset
  const { transaction } = dataset.commit([{ createIfNotExists: body }], { identity: context.identity.id })
  sendJson(context.res, 200, { document: transaction.changes[0]?.after ?? dataset.storage.get(asset._id) })
}
