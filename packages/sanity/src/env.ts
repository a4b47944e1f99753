/*
 * The one place that decides where content comes from: the local lake unless a hosted project id
 * is set. It imports only the import-free localAddresses.ts, so the lake (plain Node) and the site
 * (Next.js) can both load it.
 * Public settings only: the read token and the secrets live in the site's server-only
 * `apps/web/lib/sanity/token.ts`, and no secret has a built-in value anywhere.
 */

import { localAddresses } from './localAddresses.ts'

/** The project id the local lake answers to; any other id means Sanity's hosted Content Lake. */
export const LAKE_PROJECT_ID = 'local'
export const HOSTED_API_HOST = 'https://api.sanity.io'
export const HOSTED_IMAGE_HOST = 'https://cdn.sanity.io'
export const DEFAULT_DATASET = 'production'
/** The API version every query is written against (`perspective` defaults to published from here on). */
export const API_VERSION = '2025-02-19'

export interface SanityEnv {
  projectId: string
  dataset: string
  apiVersion: string
  /** Where API calls go: the lake's HTTP port, or the hosted API host. */
  apiHost: string
  /** The hosted API prefixes the host with the project id; the lake does not. */
  useProjectHostname: boolean
  /**
   * Where browsers fetch image variants: Sanity's image CDN, or on the lake '' (the site's own
   * origin, which forwards `/images/` and `/files/` to `apiHost`), so phones on the LAN and readers
   * of a self-hosted site load them from wherever they loaded the page.
   */
  imageBaseUrl: string
  onLake: boolean
}

export type EnvSource = Record<string, string | undefined>

// Build tools write declared-but-unset variables as '', so empty means "not set".
export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

export function resolveSanityEnv(env: EnvSource): SanityEnv {
  const projectId = nonEmpty(env.SANITY_PROJECT_ID) ?? LAKE_PROJECT_ID
  const onLake = projectId === LAKE_PROJECT_ID
  const defaultHost = onLake ? localAddresses(env).lakeHttpUrl : HOSTED_API_HOST
  const apiHost = (nonEmpty(env.SANITY_API_HOST) ?? defaultHost).replace(/\/+$/, '')
  return {
    projectId,
    dataset: nonEmpty(env.SANITY_DATASET) ?? DEFAULT_DATASET,
    apiVersion: nonEmpty(env.SANITY_API_VERSION) ?? API_VERSION,
    apiHost,
    useProjectHostname: !onLake,
    imageBaseUrl: onLake ? '' : HOSTED_IMAGE_HOST,
    onLake,
  }
}
