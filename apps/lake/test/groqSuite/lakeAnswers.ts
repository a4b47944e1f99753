import type { SanityClient } from '@sanity/client'
import { type Answer, comparable } from './answers.ts'
import type { SuiteTest } from './compile.ts'

/** One test's query on the lake, alone, in the raw perspective (the suite's documents include drafts and versions). */
export async function lakeAnswer(client: SanityClient, test: SuiteTest): Promise<Answer> {
  try {
    return { result: comparable(await client.fetch(test.query, test.params ?? {}, { perspective: 'raw' })) }
  } catch (error) {
    return refusal(error)
  }
}

function refusal(error: unknown): Answer {
  const failure = error as { statusCode?: number; response?: { body?: { error?: { type?: string } } } }
  if (failure.statusCode !== 400) throw error
  const type = failure.response?.body?.error?.type
  return { error: type === 'queryParseError' ? 'parse' : 'execution', message: (error as Error).message }
}

// Small enough that most batches go as GET, as the client sends short queries.
const BATCH_CHARS = 3_000
const BATCH_TESTS = 40

/**
 * Whether a test may share a request with others as one attribute of an object: a query without
 * parameters (each test has its own) or function declarations (they must open the query), that
 * groq-js answers with a result on these documents (an error would fail the whole batch).
 */
export function batchable(test: SuiteTest, expected: Answer): boolean {
  return test.valid && test.params === null && !/^\s*fn\s/.test(test.query) && 'result' in expected
}

/**
 * Several tests of one dataset in one request: `{"0": <query>, "1": <query>, ...}`, each query on
 * lines of its own (so a trailing `//` comment ends with its line). An object's attributes are
 * evaluated in the scope of the whole query, so each attribute is that test's answer. A refused
 * batch leaves its tests unanswered, to be asked alone.
 */
export async function lakeBatchAnswers(
  client: SanityClient,
  tests: SuiteTest[],
): Promise<Map<SuiteTest, Answer>> {
  const query = `{\n${tests.map((test, index) => `"${index}":\n${test.query}\n`).join(',')}}`
  let result: Record<string, unknown>
  try {
    result = await client.fetch(query, {}, { perspective: 'raw' })
  } catch (error) {
    // Refused (a 400): its tests are asked alone. Anything else fails the suite.
    if ((error as { statusCode?: number }).statusCode !== 400) throw error
    return new Map()
  }
  return new Map(tests.map((test, index) => [test, { result: comparable(result[index] ?? null) }]))
}

/** Splits tests into batches under the size limits, in order. */
export function batches(tests: SuiteTest[]): SuiteTest[][] {
  const all: SuiteTest[][] = []
  let current: SuiteTest[] = []
  let chars = 0
  for (const test of tests) {
    if (current.length > 0 && (chars + test.query.length > BATCH_CHARS || current.length >= BATCH_TESTS)) {
      all.push(current)
      current = []
      chars = 0
    }
    current.push(test)
    chars += test.query.length
  }
  if (current.length > 0) all.push(current)
  return all
}
