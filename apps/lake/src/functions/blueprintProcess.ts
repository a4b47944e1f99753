// The child process loadBlueprint runs: evaluates the blueprint module named in argv (the app's
// code, with the app's own @sanity/blueprints) and prints its document as JSON after a marker
// line, since the module may print lines of its own.
import { pathToFileURL } from 'node:url'
import { BLUEPRINT_MARKER } from './blueprintMarker.ts'

const file = process.argv[2] ?? ''
const module = (await import(pathToFileURL(file).href).catch((error: unknown) => {
  // The blueprint's own error, not the loader's stack under it, is what the lake's log line shows.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})) as { default?: unknown }
// defineBlueprint() returns a function that builds the document; a plain object is the document.
const blueprint = typeof module.default === 'function' ? (module.default as () => unknown)() : module.default
process.stdout.write(`\n${BLUEPRINT_MARKER}\n${JSON.stringify(blueprint ?? null)}`)
