import type { ExprNode } from 'groq-js'
import type { SanityDocument } from '../store/types.ts'
import { ANY, idKey, typeKey } from './syncTags.ts'
import type { DocumentView } from './view.ts'

/**
 * groq-js evaluates `*[filter]` by scanning every document. Before evaluation we rewrite each
 * `*[...]` whose filter pins `_id` or `_type` to a literal into a filter over just the matching
 * documents. The filter itself still runs on those candidates, so results are unchanged; only
 * the scan shrinks. This is the one place the lake reaches into groq-js's AST, because groq-js
 * has no pluggable index hook. Along the way it records what the query depends on (types, ids,
 * or everything) for sync tags.
 */
export function planWithIndexes(node: ExprNode, view: DocumentView, dependsOn: Set<string>): ExprNode {
  return rewrite(node, view, dependsOn) as ExprNode
}

interface Candidates {
  docs: SanityDocument[]
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
  const candidates = candidatesFor(copy.expr as ExprNode, view)
  if (!candidates) {
    dependsOn.add(ANY)
    return copy
  }
  for (const key of candidates.keys) dependsOn.add(key)
  return { ...copy, base: { type: 'Value', value: candidates.docs } }
}

/** Documents that can possibly match `expr`, or undefined when no index applies. */
function candidatesFor(expr: ExprNode, view: DocumentView): Candidates | undefined {
  switch (expr.type) {
    case 'And': {
      const left = candidatesFor(expr.left, view)
      const right = candidatesFor(expr.right, view)
      if (left && right) return left.docs.length <= right.docs.length ? left : right
      return left ?? right
    }
    case 'Or': {
      const left = candidatesFor(expr.left, view)
      const right = left && candidatesFor(expr.right, view)
      if (!left || !right) return undefined
      return { docs: [...new Set([...left.docs, ...right.docs])], keys: [...left.keys, ...right.keys] }
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
  if (!values) return undefined
  const found: Candidates = { docs: [], keys: [] }
  for (const key of values) {
    if (typeof key !== 'string') continue
    if (field.name === '_id') {
      const doc = view.byId.get(key)
      if (doc) found.docs.push(doc)
      found.keys.push(idKey(key))
    } else {
      found.docs.push(...(view.byType.get(key) ?? []))
      found.keys.push(typeKey(key))
    }
  }
  return found
}
