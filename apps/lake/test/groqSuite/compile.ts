import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import yaml from 'js-yaml'

/**
 * The official GROQ test suite (sanity-io/groq-test-suite), expanded from its YAML as the suite's
 * own compiler (`src/build.js`) expands it: nested tests inherit their parent's fields, `~name~`
 * variables run through every combination of their values, and every variable value that is JSON
 * also becomes generated filter, fetch and join tests over one generated dataset. Read here at run
 * time from the suite's checkout, never copied into this repository.
 */

export interface SuiteDataset {
  /** A stable name for reports: the YAML file, `empty` or `generated`. */
  name: string
  /** Null for the suite's external datasets (`movies`), which are downloaded and never bundled. */
  documents: Array<Record<string, unknown>> | null
}

export interface SuiteTest {
  name: string
  filename: string
  query: string
  /** The expected result; null when the query must be refused. */
  result: unknown
  valid: boolean
  dataset: SuiteDataset
  version: string | undefined
  features: string[]
  params: Record<string, unknown> | null
}

type Node = Record<string, unknown>

// The fields of a test node the expansion reads; every other field is carried along as is.
interface ExpandOptions {
  query: string
  variables: Record<string, unknown>
  result: unknown
  dataset: SuiteDataset | undefined
  standaloneVariables: string[] | undefined
  genFilter: boolean
  genFetch: boolean
  genJoin: boolean
}

const VARIABLE = /~(\w+)~/g

/** A generation switch: on unless the test sets it (a destructuring default, as in the suite). */
const flag = (value: unknown): boolean => (value === undefined ? true : Boolean(value))

/** Each occurrence of `~name~` in a query, in order; a name used twice is two independent slots. */
function variableSlots(query: string): string[] {
  return [...query.matchAll(VARIABLE)].map((match) => match[1] as string)
}

/** Fills the slots in order with `values`, one value per occurrence. */
function fillSlots(query: string, values: readonly unknown[]): string {
  let slot = 0
  return query.replace(VARIABLE, () => String(values[slot++]))
}

/**
 * Every combination of the slots' values, the first slot varying fastest, as the suite counts
 * them (a slot whose variable is not a list has that one value).
 */
function* combinations(variables: Record<string, unknown>, slots: string[]): Generator<unknown[]> {
  const choices = slots.map((slot) => {
    const value = variables[slot]
    return Array.isArray(value) ? value : [value]
  })
  const position = choices.map(() => 0)
  for (;;) {
    yield choices.map((values, slot) => values[position[slot] as number])
    let slot = 0
    while (slot < choices.length) {
      const next = (position[slot] as number) + 1
      if (next < (choices[slot] as unknown[]).length) {
        position[slot] = next
        break
      }
      position[slot] = 0
      slot++
    }
    if (slot === choices.length) return
  }
}

/** Unique ids from parts, as the suite makes them: lowercased, non-alphanumerics as `-`, `-2`, `-3` on reuse. */
class UniqueIds {
  readonly #used = new Set<string>()

  next(...parts: Array<string | undefined>): string {
    const base = parts
      .filter((part): part is string => part !== undefined && part !== null)
      .map((part) => part.toLowerCase().replace(/[^a-zA-Z0-9.]+/g, '-'))
      .join('-')
    let id = base
    for (let nonce = 2; this.#used.has(id); nonce++) id = `${base}-${nonce}`
    this.#used.add(id)
    return id
  }
}

/** The one dataset every generated test reads: a document per distinct JSON variable value. */
class GeneratedDataset {
  readonly dataset: SuiteDataset = { name: 'generated', documents: [] }
  readonly #ids = new UniqueIds()
  readonly #byText = new Map<unknown, { docId: string; fieldId: string } | null>()

  /** The document holding `text` parsed as JSON, or null when it is not JSON. */
  documentFor(text: unknown): { docId: string; fieldId: string } | null {
    const known = this.#byText.get(text)
    if (known !== undefined) return known
    let value: unknown
    let entry: { docId: string; fieldId: string } | null = null
    try {
      value = JSON.parse(String(text))
      entry = { docId: this.#ids.next('d'), fieldId: this.#ids.next('f').replace(/-/g, '_') }
      this.dataset.documents?.push({ _id: entry.docId, _type: 'doc', [entry.fieldId]: value })
    } catch {
      entry = null
    }
    this.#byText.set(text, entry)
    return entry
  }
}

class SuiteCompiler {
  readonly tests: SuiteTest[] = []
  readonly #generated = new GeneratedDataset()
  readonly #empty: SuiteDataset = { name: 'empty', documents: [] }
  readonly #external = new Map<string, SuiteDataset>()
  #filename = ''

  file(filename: string, root: Node): void {
    this.#filename = filename
    this.#node(root)
  }

  #node(input: Node): void {
    const node = this.#withDataset(input)
    const query = node.query
    const hasQuery = query !== undefined && query !== null
    if (hasQuery && (Object.hasOwn(node, 'result') || node.valid === false)) {
      if (node.variables !== undefined && node.variables !== null) {
        for (const variant of this.#expand(node)) this.#emit({ ...node, ...variant })
      } else if (variableSlots(String(query)).length === 0) {
        this.#emit(node)
      }
    }
    const children = node.tests
    if (!Array.isArray(children)) return
    for (const child of children as Node[]) {
      const name =
        node.name != null && child.name != null ? `${node.name} / ${child.name}` : (child.name ?? node.name)
      const variables =
        node.variables != null || child.variables != null
          ? { ...(node.variables as Node | null), ...(child.variables as Node | null) }
          : null
      this.#node({ ...node, tests: null, ...child, name, variables })
    }
  }

  /** Replaces inline `documents` (or a named external dataset) by the dataset they make. */
  #withDataset(node: Node): Node {
    const { documents, dataset, ...rest } = node
    if (documents) {
      for (const document of documents as Node[]) {
        if (document._type === undefined) throw new Error(`${this.#filename}: a document without _type`)
      }
      return { ...rest, dataset: { name: this.#filename, documents: documents as Node[] } }
    }
    if (typeof dataset === 'string') return { ...rest, dataset: this.#externalDataset(dataset) }
    return { ...rest, dataset }
  }

  #externalDataset(name: string): SuiteDataset {
    if (name !== 'movies') throw new Error(`${this.#filename}: unknown dataset ${name}`)
    let dataset = this.#external.get(name)
    if (!dataset) {
      dataset = { name, documents: null }
      this.#external.set(name, dataset)
    }
    return dataset
  }

  #emit(node: Node): void {
    const valid = node.valid ?? true
    const params = node.params ?? null
    if (params !== null && typeof params !== 'object') throw new Error(`Invalid parameters: ${params}`)
    if (node.version != null && typeof node.version !== 'string') {
      throw new Error(`${this.#filename}: invalid version ${JSON.stringify(node.version)}`)
    }
    this.tests.push({
      name: String(node.name),
      filename: this.#filename,
      query: String(node.query),
      result: valid ? node.result : null,
      valid: valid !== false,
      dataset: (node.dataset as SuiteDataset | undefined) ?? this.#empty,
      version: (node.version as string | undefined) ?? undefined,
      features: (node.features as string[] | undefined) ?? [],
      params: params as Record<string, unknown> | null,
    })
  }

  /** The variants of a test with variables: each combination plainly, then its generated tests. */
  *#expand(node: Node): Generator<Node> {
    const options: ExpandOptions = {
      query: String(node.query),
      variables: node.variables as Record<string, unknown>,
      result: node.result,
      dataset: node.dataset as SuiteDataset | undefined,
      standaloneVariables: node.standaloneVariables as string[] | undefined,
      genFilter: flag(node.genFilter),
      genFetch: flag(node.genFetch),
      genJoin: flag(node.genJoin),
    }
    const slots = variableSlots(options.query)
    for (const values of combinations(options.variables, slots)) {
      yield { query: fillSlots(options.query, values), result: options.result }
      if (!(options.genFetch || options.genFilter || options.genJoin)) continue
      if (options.dataset) continue
      for (let slot = 0; slot < slots.length; slot++)
        yield* this.#generatedVariants(options, slots, values, slot)
    }
  }

  /** Generated tests for one slot: its value moved into a document field and read back from there. */
  *#generatedVariants(
    options: ExpandOptions,
    slots: string[],
    values: unknown[],
    slot: number,
  ): Generator<Node> {
    const standalone = (name: string) => options.standaloneVariables?.includes(name) ?? true
    if (!standalone(slots[slot] as string)) return
    const doc = this.#generated.documentFor(values[slot])
    if (!doc) return
    const dataset = this.#generated.dataset
    const fetchDoc = `*[_id == ${JSON.stringify(doc.docId)}]`
    const { result } = options
    if (options.genFilter) {
      const filter = fillSlots(options.query, values.with(slot, doc.fieldId))
      yield { query: `${fetchDoc}[${filter}][]._id`, result: result === true ? [doc.docId] : [], dataset }
      yield { query: `${fetchDoc}[!(${filter})][]._id`, result: result === false ? [doc.docId] : [], dataset }
    }
    if (options.genFetch) {
      yield { query: fillSlots(options.query, values.with(slot, `${fetchDoc}[0].${doc.fieldId}`)), dataset }
    }
    if (options.genJoin && (typeof result === 'boolean' || result === null)) {
      for (let other = slot + 1; other < slots.length; other++) {
        if (!standalone(slots[other] as string)) continue
        const otherDoc = this.#generated.documentFor(values[other])
        if (!otherDoc) continue
        const filter = fillSlots(
          options.query,
          values.with(slot, `^.${doc.fieldId}`).with(other, otherDoc.fieldId),
        )
        const inner = `*[_id == ${JSON.stringify(otherDoc.docId)}][${filter}]`
        yield {
          query: `${fetchDoc}{"children":${inner}[]._id}`,
          result: [{ children: result === true ? [otherDoc.docId] : [] }],
          dataset,
        }
      }
    }
  }
}

/** Every `.yml` file under `dir`, in path order. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.yml'))
    .map((path) => join(dir, path))
    .sort()
}

/** Every test of the suite under `<suiteDir>/test`, expanded; tests of one dataset share its object. */
export function compileSuite(suiteDir: string): SuiteTest[] {
  const testDir = join(suiteDir, 'test')
  const compiler = new SuiteCompiler()
  for (const path of yamlFiles(testDir)) {
    compiler.file(relative(testDir, path), yaml.safeLoad(readFileSync(path, 'utf8')) as Node)
  }
  return compiler.tests
}
