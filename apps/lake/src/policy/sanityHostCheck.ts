import { isLoopback } from '../auth/identity.ts'
import { type LakeError, projectNotFound, sanityHostRefused } from '../errors.ts'
import { type SanityHost, sanityHost } from '../exec/sanityHosts.ts'

export type SanityHostVerdict =
  | { sanity: false }
  | { sanity: true; ok: true; host: SanityHost }
  | { sanity: true; ok: false; error: LakeError }

/**
 * Requests for Sanity's names (`<projectId>.api.sanity.io`, `cdn.sanity.io`, …), which reach the
 * lake only where `lake exec` or `lake browser` mapped them: answered from loopback addresses
 * only, so a lake listening on other interfaces never poses as Sanity to another machine, and
 * for the project ids the lake accepts (`LAKE_PROJECT_IDS`).
 */
export function checkSanityHost(
  name: string | undefined,
  remoteAddress: string | undefined,
  acceptsProject: (projectId: string) => boolean,
): SanityHostVerdict {
  const host = name === undefined ? undefined : sanityHost(name)
  if (!host || name === undefined) return { sanity: false }
  if (!isLoopback(remoteAddress)) return { sanity: true, ok: false, error: sanityHostRefused(name) }
  if (host.projectId !== undefined && !acceptsProject(host.projectId))
    return { sanity: true, ok: false, error: projectNotFound(host.projectId) }
  return { sanity: true, ok: true, host }
}
