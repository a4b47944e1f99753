import type { ExprNode } from 'groq-js'
import type { SanityDocument } from '../store/types.ts'
import { ANY, idKey, typeKey } from './syncTags.ts'
import type { DocumentView } from './view.ts'

/**
 * groq-js evaluates `*[filter]` by scanning every document. Before evaluation we rewrite each
 * `*[...]` whose filter pins `_id` or `_type` to string literals into the same filter over just
 * the documents that can match. The rewrite must not change the answer, so:
 * - candidates are a superset of the matches, in dataset order (see view.ts) without repeats,
 *   which is what the scan would keep: `*[_id == "c" || _id == "a"]` and `*[_id in ["c","a","a"]]`
 *   both give a, then c;
 * - the filter still runs on every candidate, so the result is exactly the scan's;
 * - a filter that could throw is left alone: groq-js evaluates both sides of `&&`/`||`, so over
 *   the whole dataset such a filter throws even where the indexed part is false, and over fewer
 *   candidates (maybe none) it might not.
 * This is the one place the lake reaches into groq-js's AST, because groq-js has no pluggable
 * index hook. Along the way it records what the query depends on (types, ids, or everything)
 * for sync tags.
 */
export function planWithIndexes(node: ExprNode, view: DocumentView, dependsOn: Set<string>): ExprNode {
  return rewrite(node, view, dependsOn) as ExprNode
}

interface Candidates {
  /** Positions in dataset order, ascending, each once. */
  positions: number[]
  keys: string[]
}

const isEverything = (value: unknown) => (value as { type?: string } | undefined)?.type === 'Everything'

function rewrite(value: unknown, view: DocumentView, dependsOn: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, view, dependsOn))
  if (typeof value !== 'object' || value === null) return value
  const node = value as Record<string, unknown>
  // A literal value holds user data, not AST: never walk into it.
  if (node.type === 'Value') return node
  if (node.type === 'Everything') {
    dependsOn.add(ANY)
    return node
  }
  const indexable = node.type === 'Filter' && isEverything(node.base)
  const copy: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(node)) {
    copy[key] = indexable && key === 'base' ? child : rewrite(child, view, dependsOn)
  }
  if (!indexable) return copy
  const expr = copy.expr as ExprNode
  const candidates = cannotThrow(expr) ? candidatesFor(expr, view) : undefined
  if (!candidates) {
    dependsOn.add(ANY)
    return copy
  }
  for (const key of candidates.keys) dependsOn.add(key)
  const docs = candidates.positions.map((position) => view.documents[position] as SanityDocument)
  return { ...copy, base: { type: 'Value', value: docs } }
}

/** Documents that can possibly match `expr`, or undefined when no index applies. */
function candidatesFor(expr: ExprNode, view: DocumentView): Candidates | undefined {
  switch (expr.type) {
    case 'And': {
      const left = candidatesFor(expr.left, view)
      const right = candidatesFor(expr.right, view)
      if (left && right) return left.positions.length <= right.positions.length ? left : right
      return left ?? right
    }
    case 'Or': {
      const left = candidatesFor(expr.left, view)
      const right = left && candidatesFor(expr.right, view)
      if (!left || !right) return undefined
      return { positions: union(left.positions, right.positions), keys: [...left.keys, ...right.keys] }
    }
    case 'Group':
      return candidatesFor(expr.base, view)
    case 'OpCall':
      return (
        lookup(expr.op, expr.left, expr.right, view) ?? lookup(expr.op, expr.right, expr.left, view, true)
      )
    default:
      return undefined
  }
}

function lookup(op: string, field: ExprNode, literal: ExprNode, view: DocumentView, swapped = false) {
  if (field.type !== 'AccessAttribute' || field.base !== undefined || literal.type !== 'Value')
    return undefined
  if (field.name !== '_id' && field.name !== '_type') return undefined
  const inList = op === 'in' && !swapped && Array.isArray(literal.value)
  const values: unknown[] | undefined = op === '==' ? [literal.value] : inList ? literal.value : undefined
  // Only strings: `_type == null` or `_type in [null]` match documents without a `_type`, which
  // the index does not hold.
  if (!values?.every((key) => typeof key === 'string')) return undefined
  const positions = new Set<number>()
  const keys: string[] = []
  for (const key of new Set(values as string[])) {
    if (field.name === '_id') {
      const doc = view.byId.get(key)
      if (doc) positions.add(view.positionOf(doc))
      keys.push(idKey(key))
    } else {
      for (const doc of view.byType.get(key) ?? []) positions.add(view.positionOf(doc))
      keys.push(typeKey(key))
    }
  }
  return { positions: [...positions].sort((a, b) => a - b), keys }
}

function union(left: number[], right: number[]): number[] {
  const merged: number[] = []
  let i = 0
  let j = 0
  while (i < left.length || j < right.length) {
    const a = left[i] ?? Number.POSITIVE_INFINITY
    const b = right[j] ?? Number.POSITIVE_INFINITY
    merged.push(Math.min(a, b))
    if (a <= b) i++
    if (b <= a) j++
  }
  return merged
}

/**
 * Functions of groq-js 2.0.1 that throw whenever they are evaluated in a filter: unimplemented
 * ones (`not implemented`), `boost` outside `score()`, and the delta/diff functions whose
 * arguments must be selectors. Every other function and operator answers null on bad input.
 */
const THROWING_NAMESPACES = new Set(['documents', 'geo', 'media', 'text', 'user', 'delta', 'diff'])
const THROWING_GLOBALS = new Set(['anywhere', 'boost'])
const THROWING_NODES = new Set(['SelectorNested', 'SelectorFuncCall', 'Tuple', 'Context'])

function cannotThrow(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(cannotThrow)
  if (typeof value !== 'object' || value === null) return true
  const node = value as Record<string, unknown>
  if (node.type === 'Value') return true
  if (typeof node.type === 'string' && THROWING_NODES.has(node.type)) return false
  if (node.type === 'FuncCall') {
    const namespace = String(node.namespace)
    if (THROWING_NAMESPACES.has(namespace)) return false
    if (namespace === 'global' && THROWING_GLOBALS.has(String(node.name))) return false
  }
  return Object.values(node).every(cannotThrow)
}
