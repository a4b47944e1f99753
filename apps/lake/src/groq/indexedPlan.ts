import type { ExprNode } from 'groq-js'
import type { SanityDocument } from '../store/types.ts'
import type { DocumentView } from './view.ts'

/**
 * groq-js evaluates `*[filter]` by scanning every document. Before evaluation we rewrite each
 * `*[...]` whose filter pins `_id` or `_type` to a literal into a filter over just the matching
 * documents. The filter itself still runs on those candidates, so results are unchanged; only
 * the scan shrinks. This is the one place the lake reaches into groq-js's AST, because groq-js
 * has no pluggable index hook.
 */
export function planWithIndexes(node: ExprNode, view: DocumentView): ExprNode {
  return rewrite(node, view) as ExprNode
}

function rewrite(value: unknown, view: DocumentView): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, view))
  if (typeof value !== 'object' || value === null) return value
  const node = value as Record<string, unknown>
  // A literal value holds user data, not AST: never walk into it.
  if (node.type === 'Value') return node
  const copy: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(node)) copy[key] = rewrite(child, view)
  if (copy.type === 'Filter' && (copy.base as { type?: string } | undefined)?.type === 'Everything') {
    const candidates = candidatesFor(copy.expr as ExprNode, view)
    if (candidates) copy.base = { type: 'Value', value: candidates }
  }
  return copy
}

/** Documents that can possibly match `expr`, or undefined when no index applies. */
function candidatesFor(expr: ExprNode, view: DocumentView): SanityDocument[] | undefined {
  switch (expr.type) {
    case 'And': {
      const left = candidatesFor(expr.left, view)
      const right = candidatesFor(expr.right, view)
      if (left && right) return left.length <= right.length ? left : right
      return left ?? right
    }
    case 'Or': {
      const left = candidatesFor(expr.left, view)
      const right = left && candidatesFor(expr.right, view)
      return left && right ? [...new Set([...left, ...right])] : undefined
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
  const values =
    op === '=='
      ? [literal.value]
      : op === 'in' && !swapped && Array.isArray(literal.value)
        ? literal.value
        : undefined
  if (!values) return undefined
  const found: SanityDocument[] = []
  for (const key of values) {
    if (typeof key !== 'string') continue
    if (field.name === '_id') {
      const doc = view.byId.get(key)
      if (doc) found.push(doc)
    } else {
      found.push(...(view.byType.get(key) ?? []))
    }
  }
  return found
}
