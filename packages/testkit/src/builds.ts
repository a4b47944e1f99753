import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Builds one suite made and left in place for a later suite to serve instead of building again:
 * the Studio's e2e builds the Studio and the site, and the production start (deploy/test) serves
 * them through Caddy when it runs after it (turbo.json orders the two). Each build holds the
 * addresses it was made for, so the later suite takes those addresses over.
 */
export interface ReusableBuilds {
  /** The Studio's static files, built to call `studioApiHost` (`https://localhost:<port>`). */
  studioDist: string
  studioApiHost: string
  /** The site's build folder under apps/web (NEXT_DIST_DIR), forwarding photos to `siteLakeUrl`. */
  siteDistDir?: string
  siteLakeUrl?: string
}

/** studio/test-results/builds.json: cleared with the rest of test-results at every `npm test`. */
export const REUSABLE_BUILDS_FILE = fileURLToPath(
  new URL('../../../studio/test-results/builds.json', import.meta.url),
)

export function recordBuilds(builds: ReusableBuilds): void {
  writeFileSync(REUSABLE_BUILDS_FILE, `${JSON.stringify(builds, null, 2)}\n`)
}

/** The builds recorded, if every one of them is still there. */
export function reusableBuilds(webDir: string): ReusableBuilds | undefined {
  if (!existsSync(REUSABLE_BUILDS_FILE)) return undefined
  const builds = JSON.parse(readFileSync(REUSABLE_BUILDS_FILE, 'utf8')) as ReusableBuilds
  const present =
    existsSync(join(builds.studioDist, 'index.html')) &&
    builds.siteDistDir !== undefined &&
    existsSync(join(webDir, builds.siteDistDir, 'BUILD_ID'))
  return present ? builds : undefined
}
