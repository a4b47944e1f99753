import type { WorkspaceOptions } from 'sanity'

/** The project id the local lake answers to; any other id means Sanity's hosted Content Lake. */
export const LAKE_PROJECT_ID = 'local'
/** The lake's HTTPS/HTTP2 port unless LAKE_TLS_PORT says otherwise (packages/sanity's localAddresses.ts). */
const DEFAULT_LAKE_TLS_PORT = '4443'
export const LAKE_API_HOST = `https://localhost:${DEFAULT_LAKE_TLS_PORT}`
export const DEFAULT_DATASET = 'production'

export interface StudioEnvInput {
  projectId?: string | undefined
  dataset?: string | undefined
  apiHost?: string | undefined
  /** LAKE_TLS_PORT, which the Studio's scripts hand on as SANITY_STUDIO_LAKE_TLS_PORT. */
  lakeTlsPort?: string | undefined
}

type LakeOverrides = Pick<WorkspaceOptions, 'apiHost' | 'announcements' | 'mediaLibrary'>

export interface StudioEnv {
  projectId: string
  dataset: string
  onLake: boolean
  /** Spread into the workspace config; empty when talking to the hosted Content Lake. */
  workspaceOverrides: Partial<LakeOverrides>
}

// The build writes unset-but-declared SANITY_STUDIO_* variables as '', so empty means "not set".
function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined
}

/**
 * Features backed by hosted-only services (announcements, Media Library) are switched off.
 * Search keeps the Studio's default strategy: the lake evaluates its `text::query`. Content
 * Releases, scheduled drafts, scheduled publishing, comments and tasks stay on: the lake
 * implements them (its `/features`).
 */
function lakeOverrides(apiHost: string): LakeOverrides {
  return {
    apiHost,
    announcements: { enabled: false },
    mediaLibrary: { enabled: false },
  }
}

/** The single place that decides whether the Studio talks to the local lake or a hosted project. */
export function resolveStudioEnv(input: StudioEnvInput): StudioEnv {
  const projectId = nonEmpty(input.projectId) ?? LAKE_PROJECT_ID
  const dataset = nonEmpty(input.dataset) ?? DEFAULT_DATASET
  const onLake = projectId === LAKE_PROJECT_ID
  const lakeApiHost = `https://localhost:${nonEmpty(input.lakeTlsPort) ?? DEFAULT_LAKE_TLS_PORT}`
  return {
    projectId,
    dataset,
    onLake,
    workspaceOverrides: onLake ? lakeOverrides(nonEmpty(input.apiHost) ?? lakeApiHost) : {},
  }
}

/**
 * Reads the Studio's variables. Each `process.env.SANITY_STUDIO_*` is written out in full because
 * the Studio bundler substitutes those exact expressions; `process.env` itself is `{}` in the browser.
 */
export function studioEnvFromProcess(): StudioEnv {
  return resolveStudioEnv({
    projectId: process.env.SANITY_STUDIO_PROJECT_ID,
    dataset: process.env.SANITY_STUDIO_DATASET,
    apiHost: process.env.SANITY_STUDIO_API_HOST,
    lakeTlsPort: process.env.SANITY_STUDIO_LAKE_TLS_PORT,
  })
}

/** The same decision from a Node process's environment, which has LAKE_TLS_PORT itself. */
export function studioEnvFromNode(env: Record<string, string | undefined>): StudioEnv {
  return resolveStudioEnv({
    projectId: env.SANITY_STUDIO_PROJECT_ID,
    dataset: env.SANITY_STUDIO_DATASET,
    apiHost: env.SANITY_STUDIO_API_HOST,
    lakeTlsPort: env.SANITY_STUDIO_LAKE_TLS_PORT || env.LAKE_TLS_PORT,
  })
}

/**
 * Options for `getCliClient()` in `sanity exec` scripts, which ignores the API host the CLI is
 * given (`npm run sanity` sets it): on the lake, the host the Studio uses, with the project
 * hostname (`local.localhost`); on a hosted project, nothing to change.
 *
 *   const client = getCliClient({ apiVersion: '2025-02-19', ...cliClientOptions(process.env) })
 */
export function cliClientOptions(env: Record<string, string | undefined>): {
  apiHost?: string
  useProjectHostname?: boolean
} {
  const { onLake, workspaceOverrides } = studioEnvFromNode(env)
  return onLake && workspaceOverrides.apiHost
    ? { apiHost: workspaceOverrides.apiHost, useProjectHostname: true }
    : {}
}
