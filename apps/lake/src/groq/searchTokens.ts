import { badRequest, type LakeError } from '../errors.ts'

/**
 * The search strings `text::query` takes, parsed by the rules hosted Sanity documents for it:
 * whitespace-separated words that must all appear (as with `match`), `*` as a wildcard
 * (`bald*`), a leading `-` to exclude a word or phrase, and `"double quotes"` around words that
 * must appear next to each other, in that order, within one string.
 *
 * Words are kept as groq-js `match` patterns, so groq-js's own `match` (and the relevance score
 * `score()` gives a `match`) does the word matching; only phrases need the tokens themselves.
 */
export interface TextQuery {
  /** Patterns every match must contain. Empty when the query only excludes. */
  required: string[]
  /** Patterns a match must not contain. */
  excluded: string[]
  /** Words that must appear consecutively in one string. */
  phrases: string[][]
  /** Phrases a match must not contain. */
  excludedPhrases: string[][]
}

// Longer search strings are no search a person types; they only cost evaluation time.
export const MAX_TEXT_QUERY_LENGTH = 1024
const MAX_TEXT_QUERY_TERMS = 32

/*
 * groq-js's own tokenizer for `match` (its `matchTokenize` and `matchPatternRegex` are internal
 * to the package), restated so phrases split text exactly where `match` does: a token is a run
 * of anything but whitespace and these punctuation marks, with dots at its edges trimmed.
 */
const TOKEN = /([^!@#$%^&*(),\\/?";:{}|[\]+<>\s-])+/g
const PATTERN_TOKEN = /([^!@#$%^&(),\\/?";:{}|[\]+<>\s-])+/g
const EDGE_DOTS = /(\b\.+|\.+\b)/g

/** Text as groq-js's `match` splits it into tokens. */
export function tokenize(text: string): string[] {
  return text.replace(EDGE_DOTS, '').match(TOKEN) ?? []
}

/** A search word (wildcards allowed) as the case-insensitive, whole-token test `match` makes of it. */
export function wordPattern(word: string): RegExp {
  const escaped = word.slice(0, 1024).replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^${escaped.replace(/\*/g, '.*')}$`, 'i')
}

/** The words of a phrase, as `match` would read them in a pattern. */
function phraseWords(phrase: string): string[] {
  return phrase.replace(EDGE_DOTS, '').match(PATTERN_TOKEN) ?? []
}

const malformed = (description: string): LakeError =>
  badRequest(`Invalid text::query: ${description}`, 'queryParseError')

/** Parses a `text::query` search string; throws a 400 for one it cannot read. */
export function parseTextQuery(input: unknown): TextQuery {
  if (typeof input !== 'string') throw malformed('the search must be a string')
  if (input.length > MAX_TEXT_QUERY_LENGTH)
    throw malformed(`the search is longer than ${MAX_TEXT_QUERY_LENGTH} characters`)
  const query: TextQuery = { required: [], excluded: [], phrases: [], excludedPhrases: [] }
  let terms = 0
  // A term: optional `-`, then a quoted phrase or a run of anything but whitespace and quotes.
  const term = /(-?)(?:"([^"]*)("?)|([^\s"]+))/g
  for (const [, minus, phrase, closed, word] of input.matchAll(term)) {
    if (++terms > MAX_TEXT_QUERY_TERMS) throw malformed(`more than ${MAX_TEXT_QUERY_TERMS} terms`)
    if (phrase !== undefined) {
      if (closed !== '"') throw malformed('a quoted phrase is missing its closing quote')
      const words = phraseWords(phrase)
      // `""` says nothing; a one-word phrase is that word.
      if (words.length === 0) continue
      if (words.length === 1) (minus ? query.excluded : query.required).push(words[0] as string)
      else (minus ? query.excludedPhrases : query.phrases).push(words)
      continue
    }
    // A bare `-` (someone about to type the word to exclude) or punctuation alone has no words.
    if (phraseWords(word ?? '').length === 0) continue
    ;(minus ? query.excluded : query.required).push(word as string)
  }
  return query
}

/** Whether the words occur consecutively, in order, in one of the strings. */
export function containsPhrase(strings: readonly string[], words: readonly string[]): boolean {
  const patterns = words.map(wordPattern)
  return strings.some((text) => {
    const tokens = tokenize(text)
    for (let start = 0; start + patterns.length <= tokens.length; start++) {
      if (patterns.every((pattern, offset) => pattern.test(tokens[start + offset] as string))) return true
    }
    return false
  })
}
