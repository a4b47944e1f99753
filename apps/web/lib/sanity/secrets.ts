import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { type EnvSource, nonEmpty } from '@slideshow/sanity/env'

/** The secrets callers must prove they hold, by the variable that configures each. */
export const SECRET_VARIABLES = {
  previewSecret: 'SANITY_PREVIEW_SECRET',
  revalidateSecret: 'SANITY_REVALIDATE_SECRET',
} as const

export type SecretName = keyof typeof SECRET_VARIABLES

const GUARDS: Record<SecretName, string> = {
  previewSecret: 'Draft mode',
  revalidateSecret: 'The revalidate webhook',
}

/** The secret to check against, or why there is none, in words fit for the caller and the log. */
export type SecretLookup = { secret: string; problem?: undefined } | { secret?: undefined; problem: string }

export interface SecretSources {
  env: EnvSource
  /** `next dev`: the only time the lake's own secrets may stand in for configured ones. */
  development: boolean
  /** The site reads the local lake (project id `local`), the only source those secrets belong to. */
  onLake: boolean
  /** The lake's per-data-dir secrets file, from `lakeSecretsFile`. */
  lakeSecretsFile: string
}

/**
 * A configured secret always wins. Without one, `next dev` on the lake uses the secret the lake
 * made for its data dir (the one it signs its webhooks with); anything else has no secret, so
 * what it guards stays shut: nothing is built in.
 */
export function resolveSecret(name: SecretName, sources: SecretSources): SecretLookup {
  const variable = SECRET_VARIABLES[name]
  const configured = nonEmpty(sources.env[variable])
  if (configured) return { secret: configured }
  if (!sources.development || !sources.onLake) {
    return { problem: `${GUARDS[name]} is off: set ${variable} (there is no built-in secret)` }
  }
  return lakeSecret(name, sources.lakeSecretsFile)
}

function lakeSecret(name: SecretName, file: string): SecretLookup {
  const value = readSecretsFile(file)?.[name]
  if (typeof value === 'string' && value.length >= 32) return { secret: value }
  return {
    problem: `${GUARDS[name]} is off: no ${name} in ${file} (start the lake with \`npm run dev\` or \`npm run lake\`, or set ${SECRET_VARIABLES[name]})`,
  }
}

/**
 * The lake's administrator token for this machine's tools (`cliToken`), which `next dev` on the
 * lake checks Presentation's preview secrets with when no SANITY_API_READ_TOKEN is set: whoever
 * can read the data dir can already change the data.
 */
export function lakeCliToken(file: string): string | undefined {
  const value = readSecretsFile(file)?.cliToken
  return typeof value === 'string' && value.length >= 32 ? value : undefined
}

function readSecretsFile(file: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Where the lake keeps its secrets: `secrets.json` in `LAKE_DATA_DIR` (relative to `cwd`, as the
 * lake resolves it), else in `.lake/` at the repository root, the lake's default data dir.
 */
export function lakeSecretsFile(env: EnvSource, cwd: string): string {
  const dataDir = nonEmpty(env.LAKE_DATA_DIR)
  return join(dataDir ? resolve(cwd, dataDir) : join(repositoryRoot(cwd), '.lake'), 'secrets.json')
}

// The site runs from apps/web (or wherever `next dev` was pointed): the root is the nearest
// folder up with the monorepo's turbo.json.
function repositoryRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'turbo.json'))) return dir
    if (dirname(dir) === dir) return resolve(from)
  }
}
