import type { Document, ExprNode, FuncCallNode } from 'groq-js'
import { badRequest } from '../errors.ts'
import type { SanityDocument } from '../store/types.ts'
import { containsPhrase, parseTextQuery, type TextQuery } from './searchTokens.ts'

/*
 * `text::query`, the Studio's default search (`[@, _id] match text::query($__query)` inside
 * `score(...)`), on groq-js, which parses the function but throws "not implemented" for it.
 *
 * How: groq-js 2 has no way to add or replace a function (FuncCall nodes are looked up in its
 * internal table at run time), so after parsing the lake rewrites each `X match text::query(q)`
 * into plain GROQ that groq-js evaluates itself:
 *
 *   X match "<required words>" && !(X match "<excluded word>") && <phrase check> ...
 *
 * Word matching, prefixes (`bald*`) and the relevance `score()` gives (groq-js's BM25-like term
 * frequency, plus `boost()` weights) are then groq-js's own `match`. Two things GROQ cannot say
 * go through the one per-value hook groq-js has, `dereference`, as a `{_ref: <marker>}->`:
 * - the text of a whole document (`@` in `[@, _id]`): hosted search reads every string in it,
 *   groq-js's `match` reads none of an object's; the marker carries the document's `_id`;
 * - a phrase: the marker carries the phrase's words and the strings to look in.
 * `resolveTextRef` answers those markers; the lake's dereference function asks it first.
 *
 * The search string is parsed once, at rewrite time, so a malformed one is a 400 before any
 * document is read. Queries without `text::query` come back as the very same tree.
 */

const MARKER = '\u0000lake:'
const TEXT_OF = `${MARKER}text-of\u0000`
const PHRASE = `${MARKER}phrase\u0000`
// Joins a value's strings into one marker without merging two strings' words.
const STRING_SEPARATOR = '\u0001'

type Node = ExprNode

const value = (v: unknown): Node => ({ type: 'Value', value: v })
const attribute = (name: string): Node => ({ type: 'AccessAttribute', name })
const and = (left: Node, right: Node): Node => ({ type: 'And', left, right })
const not = (base: Node): Node => ({ type: 'Not', base })
const plus = (left: Node, right: Node): Node => ({ type: 'OpCall', op: '+', left, right })
const match = (left: Node, pattern: string): Node => ({
  type: 'OpCall',
  op: 'match',
  left,
  right: value(pattern),
})
const call = (namespace: string, name: string, args: Node[]): Node => ({
  type: 'FuncCall',
  namespace,
  name,
  args,
})
const viaHook = (ref: Node): Node => ({
  type: 'Deref',
  base: { type: 'Object', attributes: [{ type: 'ObjectAttributeValue', name: '_ref', value: ref }] },
})

/** `@` read as hosted search reads it: every string of the document in scope. */
const documentText = (): Node => viaHook(plus(value(TEXT_OF), attribute('_id')))

/** The left side of `match`, with each `@` standing for its document's text. */
function searchable(left: Node): Node {
  if (left.type === 'This') return documentText()
  if (left.type !== 'Array') return left
  return {
    ...left,
    elements: left.elements.map((element) =>
      element.value.type === 'This' ? { ...element, value: documentText(), isSplat: true } : element,
    ),
  }
}

function phraseCheck(text: Node, words: string[]): Node {
  // One string for the marker: an array's strings joined, or the string itself.
  const joined = call('global', 'coalesce', [call('array', 'join', [text, value(STRING_SEPARATOR)]), text])
  return viaHook(plus(value(`${PHRASE}${JSON.stringify(words)}\u0000`), joined))
}

function compile(left: Node, query: TextQuery): Node {
  const text = searchable(left)
  // A search that only excludes still needs some text to be about: `*` is any token.
  const words = match(text, query.required.length > 0 ? query.required.join(' ') : '*')
  // Inside `score()`, groq-js scores a `match` term by term, so text with any one of several
  // words would rank above zero; the grouped copy (read as a plain true or false there) keeps a
  // search for several words to the documents that have all of them, as the filter does.
  let node = query.required.length > 1 ? and({ type: 'Group', base: words }, words) : words
  for (const word of query.excluded) node = and(node, not(match(text, word)))
  for (const words of query.phrases) node = and(node, phraseCheck(text, words))
  for (const words of query.excludedPhrases) node = and(node, not(phraseCheck(text, words)))
  return node
}

const isTextQuery = (node: Node): node is FuncCallNode =>
  node.type === 'FuncCall' && node.namespace === 'text' && node.name === 'query'

function searchString(call: FuncCallNode): unknown {
  const [argument] = call.args
  // The search has to be known before documents are read: a literal, or a parameter (groq-js
  // writes parameter values into the tree as it parses).
  if (call.args.length !== 1 || argument?.type !== 'Value')
    throw badRequest('text::query takes one string, a literal or a parameter', 'queryParseError')
  return argument.value
}

const isNode = (candidate: unknown): candidate is Node =>
  typeof candidate === 'object' &&
  candidate !== null &&
  typeof (candidate as { type?: unknown }).type === 'string'

/** Rebuilds only the nodes on the path to a `text::query`; everything else stays shared. */
function rewrite(node: Node): Node {
  if (node.type === 'Value') return node
  if (node.type === 'OpCall' && node.op === 'match' && isTextQuery(node.right)) {
    return compile(rewrite(node.left), parseTextQuery(searchString(node.right)))
  }
  let changed: Record<string, unknown> | undefined
  for (const [key, child] of Object.entries(node)) {
    let next: unknown = child
    if (isNode(child)) next = rewrite(child)
    else if (Array.isArray(child)) {
      const mapped = child.map((item) => (isNode(item) ? rewrite(item) : item))
      if (mapped.some((item, index) => item !== child[index])) next = mapped
    }
    if (next !== child) {
      changed ??= { ...node }
      changed[key] = next
    }
  }
  return (changed as Node | undefined) ?? node
}

/** A parsed query with every `X match text::query(q)` made evaluable by groq-js. */
export function withTextSearch<T extends Node>(tree: T): T {
  return rewrite(tree) as T
}

const documentTexts = new WeakMap<SanityDocument, string[]>()

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value)
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into)
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    // A Portable Text block reads as its words; its style and mark names are not content.
    if (record._type === 'block') {
      for (const child of Array.isArray(record.children) ? record.children : []) {
        const text = (child as { text?: unknown } | null)?.text
        if (typeof text === 'string') into.push(text)
      }
      return
    }
    // `_`-fields are the system's (ids, types, keys, revisions, references); the Studio adds
    // `_id` to the search itself when it wants it.
    for (const [key, field] of Object.entries(record)) if (!key.startsWith('_')) collectStrings(field, into)
  }
}

/** Every string a search of the whole document reads, kept until the document is replaced. */
function textOf(doc: SanityDocument): string[] {
  let strings = documentTexts.get(doc)
  if (!strings) {
    strings = []
    collectStrings(doc, strings)
    documentTexts.set(doc, strings)
  }
  return strings
}

/**
 * What a text-search marker resolves to, or `undefined` for a real reference. `documentById` is
 * the query's own view, so a hand-written marker reads nothing the caller could not query.
 * groq-js types a dereference's answer as a document but takes any JSON value (it wraps the
 * answer with `fromJS`), so strings and booleans are cast to that type here.
 */
export function resolveTextRef(
  ref: string,
  documentById: (id: string) => SanityDocument | undefined,
): { value: Document | null } | undefined {
  if (!ref.startsWith(MARKER)) return undefined
  const answer = (value: string[] | boolean | null) => ({ value: value as unknown as Document | null })
  if (ref.startsWith(TEXT_OF)) {
    const doc = documentById(ref.slice(TEXT_OF.length))
    return answer(doc ? textOf(doc) : null)
  }
  if (ref.startsWith(PHRASE)) {
    const rest = ref.slice(PHRASE.length)
    const end = rest.indexOf('\u0000')
    const words = JSON.parse(rest.slice(0, end)) as string[]
    return answer(containsPhrase(rest.slice(end + 1).split(STRING_SEPARATOR), words))
  }
  return answer(null)
}

/**
 * The dereference hook for a filter decided over one document at a time (a listener's, a
 * webhook's): the text-search markers of `text::query` read that document, and nothing else
 * resolves, as groq-js's own lookup in a one-document dataset would find nothing either.
 */
export function oneDocumentTextRefs(doc: SanityDocument) {
  return ({ _ref }: { _ref: string }): Document | null =>
    resolveTextRef(_ref, (id) => (id === doc._id ? doc : undefined))?.value ?? null
}
