import { inDatasetOrder } from '../groq/view.ts'
import type { RequestContext } from './context.ts'
import { datasetOf, readerOf } from './datasetAccess.ts'

/**
 * `GET /data/export/:dataset`: every document as NDJSON, streamed, as `sanity dataset export`
 * reads it, in dataset order (src/groq/view.ts) like `*`. Anonymous callers get published
 * documents only.
 */
export function handleExport(context: RequestContext): void {
  const dataset = datasetOf(context)
  const reader = readerOf(context)
  const types = context.url.searchParams.get('types')?.split(',').filter(Boolean)
  context.res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' })
  for (const doc of inDatasetOrder(dataset.storage.all())) {
    if (!reader.canReadDrafts && doc._id.includes('.')) continue
    if (types && !types.includes(doc._type)) continue
    context.res.write(`${JSON.stringify(doc)}\n`)
  }
  context.res.end()
}
