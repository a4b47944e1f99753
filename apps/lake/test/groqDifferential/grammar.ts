import fc from 'fast-check'
import type { PerspectiveName } from './referencePerspective.ts'

/**
 * Generated datasets and GROQ queries for the differential test. The query grammar covers every
 * shape src/groq/indexedPlan.ts rewrites (`_id`/`_type` with `==` either way round, `in` with
 * literal lists and parameters, `||`, `&&`, groups, nesting) next to filters it must leave alone,
 * and wraps them in what changes how order and repeats show: `order(...)`, slices, element
 * access, projections with `->` and `^` subqueries, `count`.
 */

export const BASE_IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
export const RELEASES = ['rA', 'rB']
export const TYPES = ['t1', 't2', 't3']
const LAYERS = ['', 'drafts.', ...RELEASES.map((release) => `versions.${release}.`)]

export const PERSPECTIVES: PerspectiveName[] = ['raw', 'published', 'drafts', ['rA', 'drafts'], ['rB']]

export interface GeneratedDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

// Weak, as the lake refuses strong references to documents that do not exist, and these point
// at ids a generated dataset may lack ('missing' never exists): what `->`, `references()` and
// `_ref` comparisons do with them is the point, and weak references behave the same in GROQ.
const reference = fc
  .constantFrom(...BASE_IDS, 'drafts.a', 'missing')
  .map((_ref) => ({ _type: 'reference', _ref, _weak: true }))

const documentArbitrary = fc
  .record(
    {
      layer: fc.constantFrom(...LAYERS),
      base: fc.constantFrom(...BASE_IDS),
      _type: fc.constantFrom(...TYPES),
      n: fc.integer({ min: 0, max: 4 }),
      tag: fc.constantFrom('x', 'y', 'z'),
      ref: reference,
      refs: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
      remove: fc.boolean(),
    },
    { requiredKeys: ['layer', 'base', '_type'] },
  )
  .map(({ layer, base, refs, remove, ...fields }): GeneratedDocument => {
    const doc: GeneratedDocument = { _id: `${layer}${base}`, ...fields }
    if (refs)
      doc.refs = refs.map((n, index) => ({
        _type: 'reference',
        _key: `k${index}`,
        _ref: BASE_IDS[n % BASE_IDS.length],
        _weak: true,
      }))
    // A release version can unpublish its document (the release's delete marker).
    if (remove && layer.startsWith('versions.')) doc._system = { delete: true }
    return doc
  })

/** A dataset, in the (random) order its documents are written, so write order never is dataset order. */
export const datasetArbitrary = fc.uniqueArray(documentArbitrary, {
  minLength: 4,
  maxLength: 30,
  selector: (doc) => doc._id,
})

const idLiteral = fc.constantFrom(...BASE_IDS, 'drafts.a', 'drafts.b', 'versions.rA.c', 'missing')
const quoted = (value: string) => JSON.stringify(value)
const list = (values: string[]) => `[${values.map(quoted).join(', ')}]`

/** Filter terms the index serves: `_id` or `_type` against string literals or parameters. */
const indexedTerm: fc.Arbitrary<string> = fc.oneof(
  idLiteral.map((id) => `_id == ${quoted(id)}`),
  idLiteral.map((id) => `${quoted(id)} == _id`),
  fc.constant('_id == $id'),
  fc.constantFrom(...TYPES, 'none').map((type) => `_type == ${quoted(type)}`),
  fc.constantFrom(...TYPES).map((type) => `${quoted(type)} == _type`),
  fc.constant('_type == $type'),
  fc.array(idLiteral, { maxLength: 4 }).map((ids) => `_id in ${list(ids)}`),
  fc.constant('_id in $ids'),
  fc.array(fc.constantFrom(...TYPES), { maxLength: 3 }).map((types) => `_type in ${list(types)}`),
  fc.constant('_type in $types'),
)

/** Filter terms the index must leave to the scan. */
const scannedTerm: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map((n) => `n > ${n}`),
  fc.integer({ min: 0, max: 4 }).map((n) => `n == ${n}`),
  fc.constantFrom('defined(ref)', 'tag == "x"', '!defined(n)', '_id in path("drafts.**")'),
  idLiteral.map((id) => `references(${quoted(id)})`),
  idLiteral.map((id) => `ref._ref == ${quoted(id)}`),
  fc.constant('_type == null'),
  fc.constant('_id in ["a", 1, null]'),
)

const term: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: indexedTerm, weight: 14 },
  { arbitrary: scannedTerm, weight: 5 },
  // Throws in groq-js on any document it is evaluated on: the rewrite must keep that error.
  { arbitrary: fc.constant('geo::latLng(1, 2) == null'), weight: 1 },
)

const filter: fc.Arbitrary<string> = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: term, weight: 4 },
    {
      arbitrary: fc.tuple(tie('filter'), tie('filter')).map(([left, right]) => `${left} && ${right}`),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(tie('filter'), tie('filter')).map(([left, right]) => `${left} || ${right}`),
      weight: 2,
    },
    { arbitrary: tie('filter').map((inner) => `(${inner})`), weight: 1 },
    { arbitrary: tie('filter').map((inner) => `!(${inner})`), weight: 1 },
  ),
})).filter

const ordering = fc.constantFrom(
  '',
  ' | order(n asc)',
  ' | order(n desc, _id asc)',
  ' | order(_type, _id desc)',
  ' | order(tag)',
)
const access = fc.constantFrom('', '[0]', '[-1]', '[0..1]', '[1...3]', '[2..10]')
const projection = fc.constantFrom(
  '',
  '._id',
  '{_id, _type, n}',
  '{_id, "r": ref->_id}',
  '{_id, "r": ref->{_id, _type, n}}',
  '{_id, "people": refs[]->_id}',
  '{_id, "back": *[references(^._id)]._id}',
  '{_id, "same": *[_type == ^._type && _id != ^._id]._id}',
  '{_id, "kids": *[_id in ^.refs[]._ref]._id}',
  '{_id, "first": *[_id == "a" || _id == ^.ref._ref][0]._id}',
  '{..., "typed": *[_type == "t1" || _type == "t2"]{_id, "up": ^._id}[0..1]}',
)

/** Query text from the grammar; `*[F]` with `F` generated is always somewhere in it. */
export const queryArbitrary: fc.Arbitrary<string> = fc
  .record({
    filter,
    ordering,
    access,
    projection,
    second: filter,
    wrap: fc.constantFrom('plain', 'count', 'object', 'refilter', 'subquery'),
  })
  .map(({ filter: f, ordering: o, access: a, projection: p, second, wrap }) => {
    const query = `*[${f}]${o}${a}${p}`
    switch (wrap) {
      case 'count':
        return `count(*[${f}])`
      case 'object':
        return `{"one": ${query}, "two": *[${second}]._id}`
      case 'refilter':
        return `*[${f}][${second}]${o}._id`
      case 'subquery':
        return `*[${second}]{_id, "inner": *[(${f}) && _id != ^._id]${o}${a}._id}`
      default:
        return query
    }
  })

export interface Params {
  id: string
  type: string
  ids: string[]
  types: string[]
}

/** Parameters every query gets; lists repeat and disorder values on purpose. */
export const paramsArbitrary: fc.Arbitrary<Params> = fc.record({
  id: idLiteral,
  type: fc.constantFrom(...TYPES),
  ids: fc.array(idLiteral, { maxLength: 5 }),
  types: fc.array(fc.constantFrom(...TYPES, 'none'), { maxLength: 3 }),
})

export const perspectiveArbitrary = fc.constantFrom(...PERSPECTIVES)
