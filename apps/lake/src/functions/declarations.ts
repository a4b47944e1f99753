import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Blueprint, BlueprintResource } from './blueprint.ts'

export type DocumentEventName = 'create' | 'update' | 'delete' | 'publish'

/** A function of the app's blueprint that the lake runs. */
export interface LakeFunction {
  name: string
  kind: 'document' | 'syncTagInvalidate'
  /** The module whose `handler` (or default export) is called. */
  entry: string
  timeoutMs: number
  env: Record<string, string>
  /** The project the function's client options name. */
  projectId: string
  /** The dataset whose changes call it, or `*` for every dataset. */
  dataset: string
  /** Document functions: hosted's event settings. */
  on: DocumentEventName[]
  filter: string | undefined
  projection: string | undefined
  includeDrafts: boolean
  includeAllVersions: boolean
}

/** Hosted's default time limit for a function, in seconds. */
const DEFAULT_TIMEOUT_S = 10
const EVENT_NAMES: readonly DocumentEventName[] = ['create', 'update', 'delete', 'publish']
const KINDS = {
  'sanity.function.document': 'document',
  'sanity.function.sync-tag-invalidate': 'syncTagInvalidate',
} as const

/**
 * The blueprint's document and sync-tag-invalidate functions, as `defineDocumentFunction` and
 * `defineSyncTagInvalidateFunction` write them; every other resource is the hosted platform's
 * (CORS origins, robots, scheduled and media-library functions) and is named in `skipped`.
 */
export function functionsOf(
  blueprint: Blueprint,
  fallbackProjectId: string,
): { functions: LakeFunction[]; skipped: string[] } {
  const functions: LakeFunction[] = []
  const skipped: string[] = []
  for (const resource of blueprint.resources) {
    const kind = KINDS[String(resource.type) as keyof typeof KINDS]
    const name = typeof resource.name === 'string' ? resource.name : undefined
    if (!kind || !name) {
      if (typeof resource.type === 'string' && resource.type.startsWith('sanity.function.'))
        skipped.push(`${name ?? '?'} (${resource.type})`)
      continue
    }
    functions.push(declaration(resource, name, kind, blueprint, fallbackProjectId))
  }
  return { functions, skipped }
}

function declaration(
  resource: BlueprintResource,
  name: string,
  kind: LakeFunction['kind'],
  blueprint: Blueprint,
  fallbackProjectId: string,
): LakeFunction {
  const event = (
    typeof resource.event === 'object' && resource.event !== null ? resource.event : {}
  ) as Record<string, unknown>
  const scope = scopeOf(event.resource)
  const on = Array.isArray(event.on)
    ? event.on.filter((value): value is DocumentEventName => EVENT_NAMES.includes(value))
    : []
  return {
    name,
    kind,
    entry: entryOf(
      resolve(dirname(blueprint.file), typeof resource.src === 'string' ? resource.src : `functions/${name}`),
      name,
    ),
    timeoutMs:
      (typeof resource.timeout === 'number' && resource.timeout > 0 ? resource.timeout : DEFAULT_TIMEOUT_S) *
      1000,
    env: stringsOf(resource.env),
    projectId:
      (typeof resource.project === 'string' && resource.project) ||
      scope.projectId ||
      blueprint.projectId ||
      fallbackProjectId,
    dataset: scope.dataset ?? '*',
    on: on.length > 0 ? on : ['publish'],
    filter: typeof event.filter === 'string' && event.filter.trim() ? event.filter : undefined,
    projection:
      typeof event.projection === 'string' && event.projection.trim() ? event.projection : undefined,
    includeDrafts: event.includeDrafts === true,
    includeAllVersions: event.includeAllVersions === true,
  }
}

/** `{type: 'dataset', id: '<projectId>.<dataset>'}`, where the dataset may be `*`. */
function scopeOf(resource: unknown): { projectId?: string; dataset?: string } {
  const id = (resource as { id?: unknown } | undefined)?.id
  if (typeof id !== 'string' || !id.includes('.')) return {}
  const [projectId = '', dataset = ''] = id.split('.')
  return { ...(projectId ? { projectId } : {}), ...(dataset && dataset !== '*' ? { dataset } : {}) }
}

function stringsOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {}
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
}

const ENTRY_NAMES = ['index.ts', 'index.mts', 'index.js', 'index.mjs']

/** `src` is the function's folder (its `index.ts` or `index.js`) or its module. */
function entryOf(src: string, name: string): string {
  if (existsSync(src) && statSync(src).isFile()) return src
  const entry = ENTRY_NAMES.map((file) => join(src, file)).find((file) => existsSync(file))
  if (!entry) throw new Error(`function "${name}": no ${ENTRY_NAMES.join(', ')} in ${src}`)
  return entry
}
