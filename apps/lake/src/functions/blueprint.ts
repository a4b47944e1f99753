import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { text } from 'node:stream/consumers'
import { siblingModule } from '../files/siblingModule.ts'
import { BLUEPRINT_MARKER } from './blueprintMarker.ts'

const BLUEPRINT_FILES = [
  'sanity.blueprint.ts',
  'sanity.blueprint.mts',
  'sanity.blueprint.js',
  'sanity.blueprint.mjs',
  'sanity.blueprint.json',
]

/** The app's blueprint in `dir`, by the names `sanity blueprints` reads, if it has one. */
export function findBlueprint(dir: string): string | undefined {
  return BLUEPRINT_FILES.map((name) => join(dir, name)).find((file) => existsSync(file))
}

/** One resource of a blueprint, as `@sanity/blueprints`' definers write them; only what the lake reads. */
export interface BlueprintResource {
  type?: unknown
  name?: unknown
  [key: string]: unknown
}

export interface Blueprint {
  file: string
  projectId: string | undefined
  resources: BlueprintResource[]
}

/**
 * Reads a blueprint. A `.ts`/`.js` one is the app's code (it imports `@sanity/blueprints` from the
 * app's node_modules), so it is evaluated in a child process of its own, with Node's type
 * stripping, and only its resources come back. The project id is the blueprint's, else the one
 * `sanity blueprints init` keeps in `.sanity/blueprint.config.json` beside it.
 */
export async function loadBlueprint(file: string, env: NodeJS.ProcessEnv): Promise<Blueprint> {
  const document = file.endsWith('.json')
    ? (JSON.parse(readFileSync(file, 'utf8')) as unknown)
    : await evaluate(file, env)
  const { resources, projectId } = (document ?? {}) as { resources?: unknown; projectId?: unknown }
  if (!Array.isArray(resources)) throw new Error(`${file} declares no resources`)
  return {
    file,
    projectId: typeof projectId === 'string' ? projectId : configuredProjectId(dirname(file)),
    resources: resources.filter(
      (resource): resource is BlueprintResource => typeof resource === 'object' && resource !== null,
    ),
  }
}

function configuredProjectId(dir: string): string | undefined {
  const file = join(dir, '.sanity', 'blueprint.config.json')
  if (!existsSync(file)) return undefined
  try {
    const { projectId } = JSON.parse(readFileSync(file, 'utf8')) as { projectId?: unknown }
    return typeof projectId === 'string' ? projectId : undefined
  } catch {
    return undefined
  }
}

async function evaluate(file: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  const child = spawn(process.execPath, [siblingModule(import.meta.url, 'blueprintProcess').pathname, file], {
    cwd: dirname(file),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [output, errors, code] = await Promise.all([
    text(child.stdout),
    text(child.stderr),
    new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', resolve)
    }),
  ])
  if (code !== 0)
    throw new Error(`${file} could not be read: ${errors.trim().split('\n').slice(-5).join('\n')}`)
  const at = output.lastIndexOf(`\n${BLUEPRINT_MARKER}\n`)
  if (at < 0) throw new Error(`${file} printed no blueprint`)
  return JSON.parse(output.slice(at + BLUEPRINT_MARKER.length + 2)) as unknown
}
