import { type EvaluateOptions, evaluate, evaluateSync, GroqSyntaxError, parse } from 'groq-js'
import { badRequest, LakeError } from '../errors.ts'
import { planWithIndexes } from './indexedPlan.ts'
import { idKey, syncTag } from './syncTags.ts'
import { resolveTextRef, withTextSearch } from './textQuery.ts'
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
  let tree: ReturnType<typeof parse>
  try {
    tree = parse(query, { params, mode })
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
  try {
    return withTextSearch(tree)
  } catch (error) {
    if (error instanceof LakeError) throw badRequest(error.message, error.type, { query })
    throw error
  }
}

export interface QueryResult {
  /**
   * Plain data, except that it may hold groq-js's DateTime and Path values: their `toJSON` makes
   * `JSON.stringify` render them as `toJS` would, so callers that serialise skip a pass over it.
   */
  result: unknown
  syncTags: string[]
}

type QueryTree = ReturnType<typeof parse>

// A plan depends only on the tree and the view, and both are reused (trees from a parse cache,
// views until the next write), so a query asked again skips planning.
const plans = new WeakMap<QueryTree, WeakMap<DocumentView, { planned: QueryTree; dependsOn: string[] }>>()

function planFor(tree: QueryTree, view: DocumentView) {
  const byView = plans.get(tree) ?? new WeakMap()
  plans.set(tree, byView)
  let plan = byView.get(view)
  if (!plan) {
    const dependsOn = new Set<string>()
    plan = { planned: planWithIndexes(tree, view, dependsOn), dependsOn: [...dependsOn] }
    byView.set(view, plan)
  }
  return plan
}

function prepare(tree: QueryTree, context: QueryContext) {
  const { view } = context
  const plan = planFor(tree, view)
  const planned = plan.planned
  const dependsOn = new Set(plan.dependsOn)
  const options: EvaluateOptions = {
    dataset: view.documents,
    params: context.params,
    identity: context.identity ?? 'anonymous',
    ...(context.sanity ? { sanity: context.sanity } : {}),
    dereference: ({ _ref }) => {
      const text = resolveTextRef(_ref, (id) => view.byId.get(id))
      if (text) return text.value
      dependsOn.add(idKey(_ref))
      return view.byId.get(_ref) ?? null
    },
  }
  const syncTags = () => [...dependsOn].map(syncTag)
  return { planned, options, syncTags }
}

function executionError(error: unknown, query: string): LakeError {
  if (error instanceof LakeError) return error
  return badRequest((error as Error).message, 'queryExecutionError', { query })
}

// groq-js implements a few functions (diff::/delta::changedAny, changedOnly) only asynchronously.
const isAsyncOnly = (error: unknown) =>
  error instanceof Error && error.message === 'executeSync not supported'

/**
 * Evaluates a parsed query over a view: synchronously first (every document is in memory, so that
 * is the fast path), falling back to groq-js's async evaluator for the functions that need it.
 */
export async function evaluateQuery(
  tree: QueryTree,
  query: string,
  context: QueryContext,
): Promise<QueryResult> {
  const { planned, options, syncTags } = prepare(tree, context)
  try {
    return { result: evaluateSync(planned, options).data ?? null, syncTags: syncTags() }
  } catch (error) {
    if (!isAsyncOnly(error)) throw executionError(error, query)
  }
  try {
    return { result: (await (await evaluate(planned, options)).get()) ?? null, syncTags: syncTags() }
  } catch (error) {
    throw executionError(error, query)
  }
}
