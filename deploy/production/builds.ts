/*
 * The two builds a production start serves, and what each was built for, read from the build
 * itself (whoever made it): the Studio's static files carry the API host they call, the site's
 * build the lake address it forwards photos to and the site address its pages were rendered with.
 * A start refuses a build made for other names instead of serving a Studio that cannot reach
 * its lake.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProductionSettings } from './settings.ts'
import { REPO_ROOT } from './settings.ts'

export const WEB_DIR = join(REPO_ROOT, 'apps', 'web')
export const STUDIO_DIR = join(REPO_ROOT, 'studio')

export interface BuildCheck {
  /** Why the start must not go on; each names the fix. */
  refusals: string[]
  /** What works but is not as configured. */
  warnings: string[]
}

/** The API host baked into the Studio's main bundle (`apiHost: "..."` in studio/env.ts's call), or undefined. */
export function studioApiHost(studioDist: string): string | undefined {
  const index = join(studioDist, 'index.html')
  if (!existsSync(index)) return undefined
  const entry = /static\/(sanity-[\w-]+\.js)/.exec(readFileSync(index, 'utf8'))?.[1]
  const bundles = entry
    ? [entry]
    : readdirSync(join(studioDist, 'static')).filter((name) => name.startsWith('sanity-'))
  for (const bundle of bundles) {
    const text = readFileSync(join(studioDist, 'static', bundle), 'utf8')
    const found = /apiHost:\s*["'`](https?:\/\/[^"'`]+)["'`]/.exec(text)?.[1]
    if (found) return found
  }
  return undefined
}

/** Where the site's build forwards `/images/` (apps/web/next.config.ts), or undefined. */
export function siteLakeAddress(nextDir: string): string | undefined {
  const manifest = join(nextDir, 'routes-manifest.json')
  if (!existsSync(manifest)) return undefined
  const { rewrites } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    rewrites?: { afterFiles?: Array<{ source: string; destination: string }> }
  }
  const images = rewrites?.afterFiles?.find((rewrite) => rewrite.source.startsWith('/images/'))
  return images ? new URL(images.destination).origin : undefined
}

/** The site address the home page was rendered with at build time (its feed link). */
export function siteBuiltUrl(nextDir: string): string | undefined {
  const home = join(nextDir, 'server', 'app', 'index.html')
  if (!existsSync(home)) return undefined
  return /(https?:\/\/[^"'\s<>]+?)\/feed\.xml/.exec(readFileSync(home, 'utf8'))?.[1]
}

export function nextDir(settings: ProductionSettings): string {
  return join(WEB_DIR, settings.nextDistDir)
}

export function checkBuilds(settings: ProductionSettings): BuildCheck {
  const refusals: string[] = []
  const warnings: string[] = []
  const rebuild = 'run `npm run build`'
  const studio = studioApiHost(settings.studioDist)
  if (!existsSync(join(settings.studioDist, 'index.html'))) {
    refusals.push(`no Studio build in ${settings.studioDist}: ${rebuild}`)
  } else if (studio !== settings.lakeUrl) {
    refusals.push(
      `the Studio in ${settings.studioDist} calls ${studio ?? 'an API host this check cannot read'}, not ${settings.lakeUrl} (LAKE_PUBLIC_URL): ${rebuild}`,
    )
  }
  const site = nextDir(settings)
  const lakeAddress = `http://127.0.0.1:${settings.ports.lake}`
  if (!existsSync(join(site, 'BUILD_ID'))) {
    refusals.push(`no site build in ${site}: ${rebuild}`)
  } else if (siteLakeAddress(site) !== lakeAddress) {
    refusals.push(
      `the site in ${site} forwards photos to ${siteLakeAddress(site) ?? 'nowhere'}, not to the lake at ${lakeAddress} (LAKE_PORT): ${rebuild}`,
    )
  } else if (siteBuiltUrl(site) !== settings.siteUrl) {
    warnings.push(
      `the site in ${site} was built for ${siteBuiltUrl(site) ?? 'another address'}, not ${settings.siteUrl} (SITE_URL): pages keep the old address in their links until they are rendered again; ${rebuild}`,
    )
  }
  return { refusals, warnings }
}
