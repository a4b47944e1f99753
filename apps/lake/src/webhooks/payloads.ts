import { evaluate } from 'groq-js'
import { parseQuery } from '../groq/runQuery.ts'
import { oneDocumentTextRefs } from '../groq/textQuery.ts'
import type { CommittedTransaction, DocumentChange } from '../store/types.ts'
import type { WebhookConfig, WebhookOperation } from './webhookConfig.ts'

export interface Delivery {
  transactionId: string
  timestamp: string
  documentId: string
  operation: WebhookOperation
  body: string
}

/** A filter and projection as one delta-mode GROQ query, as hosted evaluates them for a change; throws when it does not parse. */
export function parseChangeQuery(filter: string | undefined, projection: string | undefined) {
  return parseQuery(`*[${filter?.trim() || 'true'}]${projection?.trim() ?? ''}`, {}, 'delta')
}

export type WebhookQuery = ReturnType<typeof parseWebhookQuery>

/** The webhook's filter and projection as one delta-mode GROQ query; throws when it does not parse. */
export function parseWebhookQuery(webhook: WebhookConfig) {
  return parseChangeQuery(webhook.filter, webhook.projection)
}

/**
 * What a change gives through a delta-mode query: the projection of the document (after the
 * change, or before it for a deletion), or undefined when the filter leaves it out.
 * `before()`/`after()` and `delta::` read the change, as on hosted.
 */
export async function evaluateChange(
  tree: ReturnType<typeof parseChangeQuery>,
  change: DocumentChange,
): Promise<unknown> {
  const doc = change.after ?? change.before
  if (!doc) return undefined
  const value = await evaluate(tree, {
    dataset: [doc],
    before: change.before,
    after: change.after,
    // `text::query` in a filter, rewritten when parsed, reads the document through this hook.
    dereference: oneDocumentTextRefs(doc),
  })
  const matched: unknown = await value.get()
  return Array.isArray(matched) && matched.length > 0 ? matched[0] : undefined
}

function operationOf(change: DocumentChange): WebhookOperation {
  if (!change.before) return 'create'
  if (!change.after) return 'delete'
  return 'update'
}

/**
 * The deliveries one transaction causes for one webhook (`tree` is its parsed query, made once):
 * a change matches when its operation is
 * listed, its id is visible (drafts only when asked for) and the GROQ filter holds; the body is
 * the projection, evaluated in delta mode so `before()`/`after()` and `delta::` work as hosted.
 */
export async function deliveriesFor(
  webhook: WebhookConfig,
  tree: WebhookQuery,
  transaction: CommittedTransaction,
): Promise<Delivery[]> {
  const deliveries: Delivery[] = []
  for (const change of transaction.changes) {
    const operation = operationOf(change)
    if (!webhook.on.includes(operation)) continue
    if (!webhook.includeDrafts && change.id.includes('.')) continue
    const matched = await evaluateChange(tree, change)
    if (matched === undefined) continue
    deliveries.push({
      transactionId: transaction.id,
      timestamp: transaction.timestamp,
      documentId: change.id,
      operation,
      body: JSON.stringify(matched),
    })
  }
  return deliveries
}
