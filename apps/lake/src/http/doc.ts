import { badRequest } from '../errors.ts'
import { isValidDocumentId, publishedIdOf } from '../store/ids.ts'
import type { SanityDocument } from '../store/types.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf, isTrue, readerOf } from './datasetAccess.ts'

const SYSTEM_FIELDS = ['_id', '_type', '_rev', '_createdAt', '_updatedAt'] as const

type Omission = { id: string; reason: 'existence' | 'permission' }

/**
 * `GET /data/doc/:dataset/:ids`: raw documents by id, `{documents, omitted}`. With
 * `includeAllVersions=true`, every version of each document instead: published, draft and the
 * release versions, as hosted answers `client.getDocument(id, {includeAllVersions: true})`.
 */
export function handleDoc(context: RequestContext): void {
  const ids = (context.params.ids ?? '').split(',').filter(Boolean)
  if (ids.length === 0 || ids.some((id) => !isValidDocumentId(id))) {
    throw badRequest('Expected one or more comma-separated document ids')
  }
  const search = context.url.searchParams
  const found = isTrue(search.get('includeAllVersions')) ? allVersionsOf(context, ids) : byId(context, ids)
  const excludeContent = isTrue(search.get('excludeContent'))
  const documents = found.documents.map((doc) =>
    excludeContent ? Object.fromEntries(SYSTEM_FIELDS.map((field) => [field, doc[field]])) : doc,
  )
  sendJson(context.res, 200, { documents, omitted: found.omitted })
}

function byId(context: RequestContext, ids: string[]) {
  const dataset = datasetOf(context)
  const reader = readerOf(context)
  const documents: SanityDocument[] = []
  const omitted: Omission[] = []
  for (const id of ids) {
    const doc = id.includes('.') && !reader.canReadDrafts ? 'permission' : dataset.storage.get(id)
    if (doc === 'permission') omitted.push({ id, reason: 'permission' })
    else if (!doc) omitted.push({ id, reason: 'existence' })
    else documents.push(doc)
  }
  return { documents, omitted }
}

function allVersionsOf(context: RequestContext, ids: string[]) {
  const reader = readerOf(context)
  const groups = new Set(ids.map(publishedIdOf))
  const documents: SanityDocument[] = []
  for (const doc of datasetOf(context).storage.all()) {
    if (!groups.has(publishedIdOf(doc._id))) continue
    if (reader.canReadDrafts || !doc._id.includes('.')) documents.push(doc)
  }
  const present = new Set(documents.map((doc) => publishedIdOf(doc._id)))
  const omitted: Omission[] = ids
    .filter((id) => !present.has(publishedIdOf(id)))
    .map((id) => ({ id, reason: 'existence' }))
  return { documents, omitted }
}
