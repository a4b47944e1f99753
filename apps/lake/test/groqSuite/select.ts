import semver from 'semver'
import type { SuiteTest } from './compile.ts'

/**
 * The tests groq-js's own suite runner (`test/generate.js` in sanity-io/groq-js) runs, chosen by
 * its rules, so the lake is held to what its engine claims: only the features groq-js implements,
 * only tests whose version range includes GROQ-1.revision2 (1.2.0), no validation of `score()`
 * errors, nothing from `perf/` (whose datasets are downloaded), and the few tests it disables.
 */
const SUPPORTED_FEATURES = new Set([
  'portableText',
  'contentReleases',
  'internalDocuments',
  'customFunctions',
])
const GROQ_VERSION = '1.2.0'
const DISABLED: Array<string | RegExp> = [
  'Filters / documents, nested 3',
  'Parameters / Undefined',
  /score\(\) function \/ Illegal use/,
]

export function selectedByGroqJs(test: SuiteTest): boolean {
  if (!test.features.every((feature) => SUPPORTED_FEATURES.has(feature))) return false
  if (test.version && !semver.satisfies(GROQ_VERSION, test.version)) return false
  if (!test.valid && test.features.includes('scoring')) return false
  if (/perf/.test(test.filename)) return false
  return !DISABLED.some((rule) => (typeof rule === 'string' ? rule === test.name : rule.test(test.name)))
}
