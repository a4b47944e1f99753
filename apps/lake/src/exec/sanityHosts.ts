/**
 * The names of Sanity's hosted services that the lake stands in for under `lake exec` (every
 * Node.js process the command starts) and `lake browser` (Chromium), in one place: the
 * connection interception, the certificates, the request policy and the browser's host rules
 * all read them here. Import-free, because the exec preload loads it into every process.
 */

/**
 * - `projectApi`: `<projectId>.api.sanity.io`, the project's API (clients, the Studio, the CLI);
 * - `projectApiCdn`: `<projectId>.apicdn.sanity.io`, the same API cached (`useCdn: true`);
 * - `globalApi`: `api.sanity.io`, project-less calls (users, projects, telemetry consent);
 * - `assetCdn`: `cdn.sanity.io`, image and file bytes (every URL `@sanity/image-url` builds);
 * - `studioStatic`: what every Studio's page loads from Sanity's static hosts (the dashboard
 *   bridge script, the Inter font of the CLI's page and of @sanity/ui, the version check);
 *   mapped by `lake browser` only, never in
 *   Node processes, and answered with local stand-ins (http/studioStatic.ts).
 */
export type SanityHostKind = 'projectApi' | 'projectApiCdn' | 'globalApi' | 'assetCdn' | 'studioStatic'

export interface SanityHost {
  kind: SanityHostKind
  /** The project id a project host names (`<projectId>.api.sanity.io`). */
  projectId?: string
}

/** Hosted project ids are lower-case letters and digits; the label allows what DNS allows. */
const PROJECT_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Whether a string can be a project id (a DNS label: it is one in `<projectId>.api.sanity.io`). */
export function isProjectId(value: string): boolean {
  return PROJECT_LABEL.test(value)
}

export const STUDIO_STATIC_NAMES: readonly string[] = [
  'core.sanity-cdn.com',
  'sanity-cdn.com',
  'studio-static.sanity.io',
  'design-system-static.sanity.io',
]

/** Which Sanity service a host name (no port, lower case) names, if any. */
export function sanityHost(name: string): SanityHost | undefined {
  const host = name.toLowerCase().replace(/\.$/, '')
  if (host === 'api.sanity.io') return { kind: 'globalApi' }
  if (host === 'cdn.sanity.io') return { kind: 'assetCdn' }
  if (STUDIO_STATIC_NAMES.includes(host)) return { kind: 'studioStatic' }
  for (const [suffix, kind] of [
    ['.api.sanity.io', 'projectApi'],
    ['.apicdn.sanity.io', 'projectApiCdn'],
  ] as const) {
    if (!host.endsWith(suffix)) continue
    const projectId = host.slice(0, -suffix.length)
    return PROJECT_LABEL.test(projectId) ? { kind, projectId } : undefined
  }
  return undefined
}

/** Names whose connections `lake exec` sends to the lake: every Sanity host but the Studio's static ones. */
export function isInterceptedName(name: unknown): boolean {
  if (typeof name !== 'string') return false
  const host = sanityHost(name)
  return host !== undefined && host.kind !== 'studioStatic'
}

/**
 * What the lake's certificate for Sanity's names covers. `api.sanity.io` and `cdn.sanity.io`
 * are named, not matched by a wildcard: a wildcard covers one label, never the bare name.
 */
export const CERTIFICATE_NAMES: readonly string[] = [
  'api.sanity.io',
  '*.api.sanity.io',
  '*.apicdn.sanity.io',
  'cdn.sanity.io',
]

/**
 * The X.509 name constraints (RFC 5280 §4.2.1.10) of the CA that signs those names: a dNSName
 * constraint permits the name and every name below it, so this is as narrow as the standard
 * allows for the four names, plus loopback. Anything else the CA signed would be refused by
 * every client that trusts it.
 */
export const PERMITTED_DNS_NAMES: readonly string[] = [
  'api.sanity.io',
  'apicdn.sanity.io',
  'cdn.sanity.io',
  'localhost',
]
export const PERMITTED_ADDRESSES: readonly string[] = ['127.0.0.0/8', '::1/128']

/** Chromium host rules (`--host-resolver-rules`) patterns for every name `lake browser` sends to the lake. */
export const BROWSER_MAPPED_NAMES: readonly string[] = [
  '*.api.sanity.io',
  'api.sanity.io',
  '*.apicdn.sanity.io',
  'cdn.sanity.io',
  ...STUDIO_STATIC_NAMES,
]
