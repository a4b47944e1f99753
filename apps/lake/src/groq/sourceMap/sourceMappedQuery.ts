import type { SanityDocument } from '../../store/types.ts'
import { evaluateQuery, type QueryContext } from '../runQuery.ts'
import { buildSourceMap } from './buildSourceMap.ts'
import { locatorFor } from './identityIndex.ts'
import { instrumented } from './instrument.ts'
import type { SourceMapMode } from './mode.ts'
import { type ContentSourceMap, emptySourceMap } from './types.ts'

type QueryTree = Parameters<typeof evaluateQuery>[0]

export interface SourceMappedAnswer {
  resultJson: string
  syncTags: string[]
  sourceMapJson: string
}

/**
 * A query answered with its Content Source Map. The answer itself comes from the plain query,
 * exactly as without a map; the map comes from a second, instrumented evaluation (see
 * instrument.ts), and is used only if that evaluation, its hidden attributes stripped, gave the
 * same result: a query that looks at its own objects' keys (`keys()`, say) sees the hidden ones,
 * and its map would describe another result. Costs about two evaluations and, on the first
 * source-mapped query after a write, an index of the view's documents.
 */
export async function sourceMappedQuery(
  tree: QueryTree,
  query: string,
  context: QueryContext,
  mode: SourceMapMode,
  storedDocument: (id: string) => SanityDocument | undefined,
): Promise<SourceMappedAnswer> {
  const { result, syncTags } = await evaluateQuery(tree, query, context)
  const resultJson = JSON.stringify(result) ?? 'null'
  const sourceMap = await mapOf(tree, query, context, mode, storedDocument, resultJson)
  return { resultJson, syncTags, sourceMapJson: JSON.stringify(sourceMap) }
}

async function mapOf(
  tree: QueryTree,
  query: string,
  context: QueryContext,
  mode: SourceMapMode,
  storedDocument: (id: string) => SanityDocument | undefined,
  resultJson: string,
): Promise<ContentSourceMap> {
  const { tree: instrumentedTree, objects } = instrumented(tree)
  let mapped: Record<string, unknown>
  try {
    // The root object expression (see instrument.ts) always evaluates to an object.
    mapped = (await evaluateQuery(instrumentedTree, query, context)).result as Record<string, unknown>
  } catch {
    // The holders are parts of the query's own expressions, but coalesce stops at its first
    // non-null argument and its instrumented form reads them all: one of those may throw.
    return emptySourceMap()
  }
  const locate = locatorFor(context.view)
  const { result, sourceMap } = buildSourceMap(mapped, { locate, objects, mode, storedDocument })
  return (JSON.stringify(result) ?? 'null') === resultJson ? sourceMap : emptySourceMap()
}
