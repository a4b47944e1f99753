import { isDeepStrictEqual } from 'node:util'
import { evaluate, evaluateSync, parse, toJS } from 'groq-js'
import type { SuiteTest } from './compile.ts'

/** What a query gave: a result, or a refusal at parse time or while it ran. */
export type Answer = { result: unknown } | { error: 'parse' | 'execution'; message: string }

type Documents = ReadonlyArray<Record<string, unknown>>

/**
 * Results as the groq-js runner compares them: plain JSON, with `_score` values replaced by their
 * rank (`_pos`, 1 for the best), because scores are an engine's own numbers and only their order
 * is specified.
 */
export function comparable(value: unknown): unknown {
  const json = value === undefined ? null : JSON.parse(JSON.stringify(value))
  const scored: Array<Record<string, unknown>> = []
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (node && typeof node === 'object') {
      const object = node as Record<string, unknown>
      if (typeof object._score === 'number') scored.push(object)
      Object.values(object).forEach(visit)
    }
  }
  visit(json)
  const ranks = [...new Set(scored.map((object) => object._score as number))].sort((a, b) => b - a)
  for (const object of scored) {
    object._pos = ranks.indexOf(object._score as number) + 1
    delete object._score
  }
  return json
}

/** Documents in `_id` order, as the groq-js runner hands them over (and the lake's `*` yields them). */
export function inIdOrder<T extends Record<string, unknown>>(documents: readonly T[]): T[] {
  const id = (doc: T) => String(doc._id)
  return [...documents].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0))
}

/**
 * A test's query as groq-js 2 runs it, parsed once and evaluated on any documents (in `_id`
 * order), as its suite runner calls it. That runner checks the synchronous and the asynchronous
 * evaluator agree; the synchronous one is several times faster, so it answers here, and the
 * asynchronous one where only it implements a function (`diff::changedAny`, ...).
 */
export class GroqJsQuery {
  readonly #params: Record<string, unknown>
  readonly #tree: ReturnType<typeof parse> | undefined
  readonly #parseError: Answer | undefined

  constructor(test: SuiteTest) {
    this.#params = test.params ?? {}
    try {
      this.#tree = parse(test.query, { params: this.#params })
    } catch (error) {
      this.#parseError = { error: 'parse', message: (error as Error).message }
    }
  }

  async answer(documents: Documents): Promise<Answer> {
    if (!this.#tree) return this.#parseError as Answer
    const options = { dataset: documents, params: this.#params }
    try {
      return { result: comparable(toJS(evaluateSync(this.#tree, options))) }
    } catch (error) {
      if ((error as Error).message !== 'executeSync not supported') {
        return { error: 'execution', message: (error as Error).message }
      }
    }
    try {
      return { result: comparable(await (await evaluate(this.#tree, options)).get()) }
    } catch (error) {
      return { error: 'execution', message: (error as Error).message }
    }
  }
}

export function sameAnswer(a: Answer, b: Answer): boolean {
  if ('result' in a && 'result' in b) return isDeepStrictEqual(a.result, b.result)
  return 'error' in a && 'error' in b && a.error === b.error
}

/** Whether an answer is what the suite expects: the result, or a refusal for an invalid query. */
export function passes(test: SuiteTest, answer: Answer): boolean {
  if (!test.valid) return 'error' in answer && answer.error === 'parse'
  return 'result' in answer && isDeepStrictEqual(answer.result, comparable(test.result))
}
