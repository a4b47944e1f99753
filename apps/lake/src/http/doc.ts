import { isValidDocumentId } from '../store/ids.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf, isTrue, readerOf } from './datasetAccess.ts'
import { badRequest } from './errors.ts'

const SYSTEM_FIELDS = ['_id', '_type', '_rev', '_createdAt', '_updatedAt'] as const

/** `GET /data/doc/:dataset/:ids`: raw documents by id, `{documents, omitted}`. */
export function handleDoc(context: RequestContext): void {
  const ids = (context.params.ids ?? '').split(',').filter(Boolean)
  if (ids.length === 0 || ids.some((id) => !isValidDocumentId(id))) {
    throw badRequest('Expected one or more comma-separated document ids')
  }
  const dataset = datasetOf(context)
  const reader = readerOf(context)
  const excludeContent = isTrue(context.url.searchParams.get('excludeContent'))
  const documents: unknown[] = []
  const omitted: Array<{ id: string; reason: 'existence' | 'permission' }> = []
  for (const id of ids) {
    if (id.includes('.') && !reader.canReadDrafts) {
      omitted.push({ id, reason: 'permission' })
      continue
    }
    const doc = dataset.storage.get(id)
    if (!doc) omitted.push({ id, reason: 'existence' })
    else
      documents.push(
        excludeContent ? Object.fromEntries(SYSTEM_FIELDS.map((field) => [field, doc[field]])) : doc,
      )
  }
  sendJson(context.res, 200, { documents, omitted })
}
