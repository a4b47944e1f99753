import type { WorkspaceOptions } from 'sanity'

/** The project id the local lake answers to; any other id means Sanity's hosted Content Lake. */
export const LAKE_PROJECT_ID = 'local'
export const LAKE_API_HOST = 'https://localhost:4443'
export const DEFAULT_DATASET = 'production'

export interface StudioEnvInput {
  projectId?: string | undefined
  dataset?: string | undefined
  apiHost?: string | undefined
}

type LakeOverrides = Pick<
  WorkspaceOptions,
  | 'apiHost'
  | 'tasks'
  | 'releases'
  | 'scheduledPublishing'
  | 'scheduledDrafts'
  | 'announcements'
  | 'mediaLibrary'
  | 'document'
  | 'search'
>

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
 * Features backed by hosted-only services (tasks, releases, scheduling, comments, announcements,
 * Media Library) are switched off, and search uses the strategy groq-js can evaluate: the default
 * one needs `text::matchQuery`, without which every document list fails to load.
 */
function lakeOverrides(apiHost: string): LakeOverrides {
  return {
    apiHost,
    tasks: { enabled: false },
    releases: { enabled: false },
    scheduledPublishing: { enabled: false },
    scheduledDrafts: { enabled: false },
    announcements: { enabled: false },
    mediaLibrary: { enabled: false },
    document: { comments: { enabled: false } },
    search: { strategy: 'groqLegacy' },
  }
}

/** The single place that decides whether the Studio talks to the local lake or a hosted project. */
export function resolveStudioEnv(input: StudioEnvInput): StudioEnv {
  const projectId = nonEmpty(input.projectId) ?? LAKE_PROJECT_ID
  const dataset = nonEmpty(input.dataset) ?? DEFAULT_DATASET
  const onLake = projectId === LAKE_PROJECT_ID
  return {
    projectId,
    dataset,
    onLake,
    workspaceOverrides: onLake ? lakeOverrides(nonEmpty(input.apiHost) ?? LAKE_API_HOST) : {},
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
  })
}
