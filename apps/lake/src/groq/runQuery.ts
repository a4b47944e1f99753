import { type EvaluateOptions, evaluate, evaluateSync, GroqSyntaxError, parse, toJS } from 'groq-js'
import { badRequest, LakeError } from '../http/errors.ts'
import { planWithIndexes } from './indexedPlan.ts'
import { idKey, syncTag } from './syncTags.ts'
import type { DocumentView } from './view.ts'

export interface QueryContext {
  view: DocumentView
  params: Record<string, unknown>
  identity?: string | undefined
  sanity?: { projectId: string; dataset: string }
}

export function parseQuery(
  query: string,
  params: Record<string, unknown>,
  mode: 'normal' | 'delta' = 'normal',
) {
  try {
    return parse(query, { params, mode })
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

export interface QueryResult {
  result: unknown
  syncTags: string[]
}

function prepare(query: string, context: QueryContext) {
  const { view } = context
  const dependsOn = new Set<string>()
  const tree = planWithIndexes(parseQuery(query, context.params), view, dependsOn)
  const options: EvaluateOptions = {
    dataset: view.documents,
    params: context.params,
    identity: context.identity ?? 'anonymous',
    ...(context.sanity ? { sanity: context.sanity } : {}),
    dereference: ({ _ref }) => {
      dependsOn.add(idKey(_ref))
      return view.byId.get(_ref) ?? null
    },
  }
  const syncTags = () => [...dependsOn].map(syncTag)
  return { tree, options, syncTags }
}

function executionError(error: unknown, query: string): LakeError {
  if (error instanceof LakeError) return error
  return badRequest((error as Error).message, 'queryExecutionError', { query })
}

// groq-js implements a few functions (diff::/delta::changedAny, changedOnly) only asynchronously.
const isAsyncOnly = (error: unknown) =>
  error instanceof Error && error.message === 'executeSync not supported'

/**
 * Evaluates synchronously: every document is in memory, so this is the fast path, and it lets
 * patch and delete by query run inside a transaction without yielding to other writers.
 */
export function runQuerySync(query: string, context: QueryContext): unknown {
  const { tree, options } = prepare(query, context)
  try {
    return toJS(evaluateSync(tree, options)) ?? null
  } catch (error) {
    throw executionError(error, query)
  }
}

/** Like runQuerySync, falling back to groq-js's async evaluator for the functions that need it. */
export async function runQuery(query: string, context: QueryContext): Promise<QueryResult> {
  const { tree, options, syncTags } = prepare(query, context)
  try {
    return { result: toJS(evaluateSync(tree, options)) ?? null, syncTags: syncTags() }
  } catch (error) {
    if (!isAsyncOnly(error)) throw executionError(error, query)
  }
  try {
    return { result: (await (await evaluate(tree, options)).get()) ?? null, syncTags: syncTags() }
  } catch (error) {
    throw executionError(error, query)
  }
}
