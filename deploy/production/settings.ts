/*
 * The one configuration file of a production install (`.env.production`, documented in
 * `.env.production.example`), read and checked once: three public addresses, the data dir, how
 * Caddy gets certificates, and local ports. Everything else each process needs is derived from
 * these (processEnv.ts), so the names cannot disagree between the lake, the site, the Studio's
 * build and Caddy.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { isAbsolute, join, resolve } from 'node:path'
import { parseEnv } from 'node:util'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')

/** The lake's project id: the Studio calls `https://<projectId>.<lake host>` (studio/env.ts). */
export const LAKE_PROJECT_ID = 'local'

export interface ProductionSettings {
  envFile: string
  /** The file's variables, overlaid by the same variables set in the environment (as `node --env-file` does). */
  variables: Record<string, string>
  /** Public origins: `https://<host>[:port]`. */
  siteUrl: string
  studioUrl: string
  lakeUrl: string
  siteHost: string
  studioHost: string
  lakeHost: string
  /** Every name is `localhost` or `*.localhost`: a run on this machine, with Caddy's own CA. */
  loopback: boolean
  /** Caddy's `tls` argument: `internal`, or the e-mail address for Let's Encrypt. */
  tls: string
  httpsPort: number
  httpPort: number
  dataDir: string
  /** Loopback ports of the processes behind Caddy. */
  ports: { lake: number; lakeTls: number; web: number; cache: number }
  cacheSize: string
  caddyAdmin: string
  /** Where `npm run build` puts the Studio (static files Caddy serves) and, under apps/web, the site. */
  studioDist: string
  nextDistDir: string
}

export type SettingsResult = { settings: ProductionSettings } | { problems: string[] }

/** `PRODUCTION_ENV_FILE`, else `.env.production` at the repository root. */
export function envFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.PRODUCTION_ENV_FILE?.trim() || join(REPO_ROOT, '.env.production'))
}

/** Reads and checks the file; every problem at once, each naming its variable. */
export function readSettings(file: string, env: NodeJS.ProcessEnv = process.env): SettingsResult {
  if (!existsSync(file)) {
    return {
      problems: [
        `no ${file}: copy .env.production.example to .env.production and set SITE_URL, STUDIO_URL, LAKE_PUBLIC_URL and LAKE_DATA_DIR (README, "Self-hosting on one server")`,
      ],
    }
  }
  const fromFile = parseEnv(readFileSync(file, 'utf8')) as Record<string, string>
  const variables: Record<string, string> = {}
  for (const [name, value] of Object.entries(fromFile)) variables[name] = env[name] ?? value
  return checkSettings(file, variables)
}

interface Collector {
  problems: string[]
  value(name: string): string | undefined
}

export function checkSettings(envFile: string, variables: Record<string, string>): SettingsResult {
  const problems: string[] = []
  const collect: Collector = { problems, value: (name) => variables[name]?.trim() || undefined }
  const site = publicUrl(collect, 'SITE_URL', 'the reader site, e.g. https://news.example.com')
  const studio = publicUrl(collect, 'STUDIO_URL', 'the Studio, e.g. https://studio.news.example.com')
  const lake = publicUrl(collect, 'LAKE_PUBLIC_URL', "the lake's API, e.g. https://lake.news.example.com")
  if (lake) checkLakeHost(collect, lake.hostname)
  if (site && studio && lake) checkDistinct(collect, [site, studio, lake])
  const dataDir = collect.value('LAKE_DATA_DIR')
  if (!dataDir) {
    problems.push(
      'LAKE_DATA_DIR is not set: the folder that holds every story, account and secret, e.g. /var/lib/slideshow/lake',
    )
  }
  const loopback = [site, studio, lake].every((url) => url && isLoopbackName(url.hostname))
  const tls = tlsIssuer(collect, loopback)
  const ports = {
    lake: port(collect, 'LAKE_PORT', 4000),
    lakeTls: port(collect, 'LAKE_TLS_PORT', 4443, true),
    web: port(collect, 'WEB_PORT', 3000),
    cache: port(collect, 'CACHE_PORT', 8080),
  }
  const httpPort = port(collect, 'CADDY_HTTP_PORT', 80)
  if (problems.length > 0 || !site || !studio || !lake || !dataDir || !tls) return { problems }
  const root = (path: string) => (isAbsolute(path) ? path : resolve(REPO_ROOT, path))
  return {
    settings: {
      envFile,
      variables,
      siteUrl: site.origin,
      studioUrl: studio.origin,
      lakeUrl: lake.origin,
      siteHost: site.hostname,
      studioHost: studio.hostname,
      lakeHost: lake.hostname,
      loopback,
      tls,
      httpsPort: Number(site.port || 443),
      httpPort,
      dataDir: root(dataDir),
      ports,
      cacheSize: collect.value('CACHE_SIZE') ?? '256m',
      caddyAdmin: collect.value('CADDY_ADMIN') ?? 'localhost:2019',
      studioDist: root(collect.value('STUDIO_DIST_DIR') ?? 'studio/dist'),
      nextDistDir: collect.value('NEXT_DIST_DIR') ?? '.next',
    },
  }
}

function publicUrl(collect: Collector, name: string, what: string): URL | undefined {
  const value = collect.value(name)
  if (!value) {
    collect.problems.push(`${name} is not set: the public address of ${what}`)
    return undefined
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    collect.problems.push(
      `${name}=${value} is not a URL: give the public address, e.g. https://news.example.com`,
    )
    return undefined
  }
  if (url.protocol !== 'https:') {
    collect.problems.push(`${name}=${value} must start with https:// (Caddy serves every name over HTTPS)`)
  } else if (url.pathname !== '/' || url.search || url.hash || url.username) {
    collect.problems.push(`${name}=${value} must be an origin only (scheme, host, port), without a path`)
  } else if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
    collect.problems.push(
      `${name}=${value} must name a host, not an IP address: certificates and DNS go by name`,
    )
  } else {
    return url
  }
  return undefined
}

/**
 * `@sanity/image-url`, which the Studio uses, turns an API host `https://api.<rest>` into
 * `https://cdn.<rest>` for images, a name nothing would answer.
 */
function checkLakeHost(collect: Collector, host: string): void {
  if (host.startsWith('api.')) {
    collect.problems.push(
      `LAKE_PUBLIC_URL must not start with "api.": the Studio would load photos from "cdn.${host.slice(4)}" (it rewrites api. to cdn.); use e.g. lake.${host.slice(4)}`,
    )
  }
}

function checkDistinct(collect: Collector, [site, studio, lake]: URL[]): void {
  const hosts = [site, studio, lake].map((url) => url?.hostname)
  if (new Set(hosts).size !== hosts.length) {
    collect.problems.push(
      `SITE_URL, STUDIO_URL and LAKE_PUBLIC_URL need three different host names (Caddy tells them apart by name): ${hosts.join(', ')}`,
    )
  }
  const projectHost = `${LAKE_PROJECT_ID}.${lake?.hostname}`
  if (hosts.includes(projectHost)) {
    collect.problems.push(
      `${projectHost} belongs to the lake (the Studio calls it): give the site and the Studio other names`,
    )
  }
  const ports = new Set([site, studio, lake].map((url) => url?.port))
  if (ports.size > 1) {
    collect.problems.push(
      'SITE_URL, STUDIO_URL and LAKE_PUBLIC_URL must use the same port: Caddy serves all three on one HTTPS port',
    )
  }
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost')
}

function tlsIssuer(collect: Collector, loopback: boolean): string | undefined {
  const value = collect.value('CADDY_TLS')
  if (value === 'internal' || value?.includes('@')) return value
  if (value === undefined && loopback) return 'internal'
  collect.problems.push(
    value === undefined
      ? 'CADDY_TLS is not set: your e-mail address (Caddy gets certificates from Let\'s Encrypt, which writes there about them), or "internal" for Caddy\'s own CA'
      : `CADDY_TLS=${value} is neither an e-mail address nor "internal"`,
  )
  return undefined
}

function port(collect: Collector, name: string, fallback: number, zeroAllowed = false): number {
  const value = collect.value(name)
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < (zeroAllowed ? 0 : 1) || parsed > 65535) {
    collect.problems.push(`${name}=${value} is not a port number`)
    return fallback
  }
  return parsed
}
