import type { ExprNode, ObjectAttributeNode, ObjectNode } from 'groq-js'

/**
 * The hidden attribute every object built by the instrumented query carries: `[n, ...holders]`,
 * where `n` indexes `InstrumentedTree.objects` and the holders are the values (evaluated in the
 * object's own scope) that its attributes were read from. No GROQ name can spell it by accident.
 */
export const PROVENANCE_KEY = '\u0000lake:provenance'

/**
 * The instrumented query is the original as the one attribute of an object expression, evaluated
 * in the same scope, so that a result read straight off a document (`*[_id == $id][0].title`)
 * says where it came from like any attribute does.
 */
export const ROOT_KEY = '\u0000lake:root'

/** Where an attribute's value was read: `holder` indexes the hidden array. */
export type ExprSource =
  | { kind: 'member'; holder: number; name: string }
  | { kind: 'element'; holder: number; index: number }
  | { kind: 'coalesce'; args: CoalesceArg[] }

/** A `coalesce` argument: its source, and a hidden slot with its value when the source cannot tell it. */
export interface CoalesceArg {
  source: ExprSource | undefined
  value: number | undefined
}

/** One attribute of an object expression, in source order (later ones win, as in groq-js). */
export type AttributeSource =
  | { kind: 'value'; name: string; source: ExprSource | undefined }
  | { kind: 'splat'; holder: number }

export interface ObjectProvenance {
  attributes: AttributeSource[]
}

export interface InstrumentedTree {
  tree: ExprNode
  objects: ObjectProvenance[]
}

const cache = new WeakMap<ExprNode, InstrumentedTree>()

/**
 * The query with one hidden attribute added to every object expression (projections are object
 * expressions over their base): what each attribute read, so the result says where its strings
 * came from. Trees come from the worker's parse cache, so each query is instrumented once.
 */
export function instrumented(tree: ExprNode): InstrumentedTree {
  let done = cache.get(tree)
  if (!done) {
    const objects: ObjectProvenance[] = []
    const root: ObjectNode = {
      type: 'Object',
      attributes: [{ type: 'ObjectAttributeValue', name: ROOT_KEY, value: tree }],
    }
    done = { tree: rewrite(root, objects) as ExprNode, objects }
    cache.set(tree, done)
  }
  return done
}

function rewrite(value: unknown, objects: ObjectProvenance[]): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, objects))
  if (typeof value !== 'object' || value === null) return value
  const node = value as Record<string, unknown>
  // A literal value holds user data, not AST.
  if (node.type === 'Value') return node
  const copy: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(node)) copy[key] = rewrite(child, objects)
  return copy.type === 'Object' ? withProvenance(copy as unknown as ObjectNode, objects) : copy
}

const THIS: ExprNode = { type: 'This' }

function withProvenance(node: ObjectNode, objects: ObjectProvenance[]): ObjectNode {
  const holders: ExprNode[] = []
  const slots = new Map<ExprNode, number>()
  // Slot 0 of the hidden array is the object's number, so holders start at 1.
  const slot = (expr: ExprNode): number => {
    let index = slots.get(expr)
    if (index === undefined) {
      holders.push(expr)
      index = holders.length
      slots.set(expr, index)
    }
    return index
  }
  const sourceOf = (expr: ExprNode): ExprSource | undefined => {
    switch (expr.type) {
      case 'Group':
        return sourceOf(expr.base)
      case 'AccessAttribute':
        return { kind: 'member', holder: slot(expr.base ?? THIS), name: expr.name }
      case 'AccessElement':
        return { kind: 'element', holder: slot(expr.base), index: expr.index }
      case 'FuncCall':
        if (expr.namespace !== 'global' || expr.name !== 'coalesce') return undefined
        return {
          kind: 'coalesce',
          args: expr.args.map((arg) => {
            const source = sourceOf(arg)
            // A member's or element's value can be read off its holder; anything else is kept.
            const readable = source !== undefined && source.kind !== 'coalesce'
            return { source, value: readable ? undefined : slot(arg) }
          }),
        }
      default:
        return undefined
    }
  }
  const attributes = node.attributes.map((attribute): AttributeSource => {
    if (attribute.type === 'ObjectAttributeValue') {
      return { kind: 'value', name: attribute.name, source: sourceOf(attribute.value) }
    }
    if (attribute.type === 'ObjectSplat') return { kind: 'splat', holder: slot(attribute.value) }
    // groq-js splats only when the condition is exactly true, which is when `select` picks it.
    const { condition, value } = attribute
    return {
      kind: 'splat',
      holder: slot({ type: 'Select', alternatives: [{ type: 'SelectAlternative', condition, value }] }),
    }
  })
  const number = objects.push({ attributes }) - 1
  const hidden: ObjectAttributeNode = {
    type: 'ObjectAttributeValue',
    name: PROVENANCE_KEY,
    value: {
      type: 'Array',
      elements: [{ type: 'Value', value: number } as ExprNode, ...holders].map((value) => ({
        type: 'ArrayElement' as const,
        value,
        isSplat: false,
      })),
    },
  }
  return { ...node, attributes: [...node.attributes, hidden] }
}
