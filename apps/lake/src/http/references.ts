import { isAddon } from '../comments/addonDataset.ts'
import { badRequest } from '../errors.ts'
import { isValidDocumentId } from '../store/ids.ts'
import { referringDocuments } from '../store/referringDocuments.ts'
import { projectOf, type RequestContext, sendJson } from './context.ts'
import { datasetOf, isTrue, readerOf } from './datasetAccess.ts'

/** The hosted answer lists this many referring documents at most; `totalCount` counts them all. */
const MAX_LISTED = 100

interface Reference {
  documentId: string
  projectId: string
  datasetName: string
}

/**
 * `GET /data/references/:dataset/documents/:id/to`: the documents that refer to a document, so
 * the Studio can warn before it is unpublished or deleted, as `{totalCount, references:
 * [{documentId, projectId, datasetName}]}`. The Studio asks with `excludeInternalReferences=true`
 * (it finds references in the same dataset with a GROQ query of its own) to learn about
 * cross-dataset references from the project's other datasets. Each dataset is read as the caller
 * may read it: private datasets are skipped for anonymous callers, comment add-ons always, and
 * drafts only show for those who may read drafts. Paths inside the referring documents are not
 * listed (the Studio asks with `excludePaths=true`).
 */
export async function handleReferencesTo(context: RequestContext): Promise<void> {
  const id = context.params.id ?? ''
  if (!isValidDocumentId(id)) throw badRequest(`Invalid document id "${id}"`)
  const dataset = datasetOf(context)
  const reader = readerOf(context)
  const search = context.url.searchParams
  const projectId = projectOf(context)
  const references: Reference[] = []
  if (!isTrue(search.get('excludeInternalReferences'))) {
    for (const documentId of await referringDocuments(dataset, id, reader)) {
      references.push({ documentId, projectId, datasetName: dataset.name })
    }
  }
  for (const info of context.lake.registry.list()) {
    if (info.name === dataset.name || isAddon(info) || !context.lake.hasDataset(info.name)) continue
    if (info.aclMode === 'private' && context.identity.role === 'anonymous') continue
    const other = context.lake.dataset(info.name)
    for (const documentId of await referringDocuments(other, id, reader, dataset.name)) {
      references.push({ documentId, projectId, datasetName: other.name })
    }
  }
  sendJson(context.res, 200, { totalCount: references.length, references: references.slice(0, MAX_LISTED) })
}
