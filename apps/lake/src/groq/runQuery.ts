import { evaluateSync, GroqSyntaxError, parse, toJS } from 'groq-js'
import { badRequest, LakeError } from '../http/errors.ts'
import { planWithIndexes } from './indexedPlan.ts'
import type { DocumentView } from './view.ts'

export interface QueryContext {
  view: DocumentView
  params: Record<string, unknown>
  identity?: string | undefined
  sanity?: { projectId: string; dataset: string }
}

export function parseQuery(query: string, params: Record<string, unknown>) {
  try {
    return parse(query, { params })
  } catch (error) {
    if (error instanceof GroqSyntaxError) {
      throw badRequest(error.message, 'queryParseError', {
        query,
        start: error.position,
        end: error.position + 1,
      })
    }
    throw badRequest((error as Error).message, 'queryParseError', { query })
  }
}

/**
 * Parses and evaluates a GROQ query over a perspective's view, with index-backed lookups.
 * Synchronous on purpose: every document is in memory, and the sync evaluator lets patch and
 * delete by query run inside a transaction without yielding to other writers.
 */
export function runQuery(query: string, context: QueryContext): unknown {
  const { view } = context
  const tree = planWithIndexes(parseQuery(query, context.params), view)
  try {
    const value = evaluateSync(tree, {
      dataset: view.documents,
      params: context.params,
      identity: context.identity ?? 'anonymous',
      ...(context.sanity ? { sanity: context.sanity } : {}),
      dereference: ({ _ref }) => view.byId.get(_ref) ?? null,
    })
    return toJS(value) ?? null
  } catch (error) {
    if (error instanceof LakeError) throw error
    throw badRequest((error as Error).message, 'queryExecutionError', { query })
  }
}
