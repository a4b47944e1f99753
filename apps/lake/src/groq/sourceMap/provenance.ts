import type { Locate } from './identityIndex.ts'
import { type ExprSource, type ObjectProvenance, PROVENANCE_KEY } from './instrument.ts'
import { childOf, type Location } from './location.ts'

/** What the instrumented result is read with: documents' values by identity, and the query's objects. */
export interface Provenance {
  locate: Locate
  objects: ObjectProvenance[]
}

type JsonObject = Record<string, unknown>

const isRecord = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The object expression that built `value` and the holders it read, when the query built it. */
export function madeBy(value: JsonObject, provenance: Provenance) {
  const hidden = value[PROVENANCE_KEY]
  if (!Array.isArray(hidden) || typeof hidden[0] !== 'number') return undefined
  const object = provenance.objects[hidden[0]]
  return object && { object, holders: hidden as unknown[] }
}

/**
 * Where `value[key]` was read from, if from a document: directly, when `value` is a document's
 * own object; else through the attribute of the object expression that set `key` last.
 * Only a candidate: the caller checks the document holds this very value there.
 */
export function sourceOfKey(value: JsonObject, key: string, provenance: Provenance): Location | undefined {
  if (!Object.hasOwn(value, key)) return undefined
  const located = provenance.locate(value)
  if (located) return childOf(located, value, key)
  const made = madeBy(value, provenance)
  if (!made) return undefined
  const { attributes } = made.object
  for (let index = attributes.length - 1; index >= 0; index--) {
    const attribute = attributes[index]
    if (attribute?.kind === 'value') {
      if (attribute.name !== key) continue
      return attribute.source && sourceOfExpr(attribute.source, made.holders, provenance)
    }
    const holder = attribute && made.holders[attribute.holder]
    if (isRecord(holder) && Object.hasOwn(holder, key)) return sourceOfKey(holder, key, provenance)
  }
  return undefined
}

function sourceOfExpr(source: ExprSource, holders: unknown[], provenance: Provenance): Location | undefined {
  switch (source.kind) {
    case 'member': {
      const holder = holders[source.holder]
      return isRecord(holder) ? sourceOfKey(holder, source.name, provenance) : undefined
    }
    case 'element': {
      const holder = holders[source.holder]
      if (!Array.isArray(holder)) return undefined
      const index = source.index < 0 ? source.index + holder.length : source.index
      const located = provenance.locate(holder)
      return located && index >= 0 && index < holder.length ? childOf(located, holder, index) : undefined
    }
    case 'coalesce':
      // coalesce answers its first argument that is not null: that argument's source is the value's.
      for (const arg of source.args) {
        const value =
          arg.value !== undefined
            ? holders[arg.value]
            : arg.source && arg.source.kind !== 'coalesce' && readOff(arg.source, holders)
        if (value === null || value === undefined) continue
        return arg.source && sourceOfExpr(arg.source, holders, provenance)
      }
      return undefined
  }
}

/** A member's or element's value as groq-js reads it off its holder (null where it reads nothing). */
function readOff(source: Exclude<ExprSource, { kind: 'coalesce' }>, holders: unknown[]): unknown {
  const holder = holders[source.holder]
  if (source.kind === 'member') {
    return isRecord(holder) && Object.hasOwn(holder, source.name) ? holder[source.name] : null
  }
  return Array.isArray(holder) ? (holder.at(source.index) ?? null) : null
}
