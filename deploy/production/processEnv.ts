/*
 * What each production process is told, derived from the settings: the variables of
 * `.env.production` itself, then what follows from them. `npm start` hands these to its children;
 * `prepare.ts` writes them into the files the systemd units read, so both run the same.
 */
import { LAKE_PROJECT_ID, type ProductionSettings } from './settings.ts'

export type Env = Record<string, string>

/** Made on first start and kept in the data dir (firstStart.ts); the site needs all three. */
export interface SiteSecrets {
  revalidateSecret: string
  previewSecret: string
  readToken: string
}

const LOOPBACK = '127.0.0.1'

/** The names Caddy serves the lake on: its own, and `local.<its own>`, which the Studio calls. */
export function lakeHosts(settings: ProductionSettings): string[] {
  return [settings.lakeHost, `${LAKE_PROJECT_ID}.${settings.lakeHost}`]
}

function list(...parts: Array<string | undefined>): string {
  return [
    ...new Set(
      parts
        .flatMap((part) => (part ?? '').split(','))
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  ].join(',')
}

/**
 * The lake behind Caddy: production (no dev identity), on loopback, told its public name (invite
 * links, the sign-in page, asset URLs), that a proxy stands in front, which names it answers to,
 * and to send the site's publish webhook to the cache tier on this machine.
 */
export function lakeEnv(settings: ProductionSettings): Env {
  const { variables, ports } = settings
  return {
    ...variables,
    NODE_ENV: 'production',
    LAKE_DEV_IDENTITY: '0',
    LAKE_DATA_DIR: settings.dataDir,
    LAKE_HOST: LOOPBACK,
    LAKE_PORT: String(ports.lake),
    LAKE_TLS_PORT: String(ports.lakeTls),
    LAKE_PUBLIC_URL: settings.lakeUrl,
    LAKE_TRUST_PROXY: '1',
    LAKE_ALLOWED_HOSTS: list(...lakeHosts(settings), variables.LAKE_ALLOWED_HOSTS),
    SITE_URL: settings.siteUrl,
    STUDIO_URL: settings.studioUrl,
    LAKE_REVALIDATE_URL: `http://${LOOPBACK}:${ports.cache}/api/revalidate`,
  }
}

/** What the site reads at build time and at run time: its public address and where the lake is. */
function siteAddresses(settings: ProductionSettings): Env {
  return {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    SANITY_PROJECT_ID: '',
    SANITY_API_HOST: `http://${LOOPBACK}:${settings.ports.lake}`,
    SITE_URL: settings.siteUrl,
    NEXT_DIST_DIR: settings.nextDistDir,
  }
}

/** `next start` on loopback, behind the cache tier, with the secrets the lake made for it. */
export function siteEnv(settings: ProductionSettings, secrets: SiteSecrets): Env {
  return {
    ...settings.variables,
    ...siteAddresses(settings),
    WEB_PORT: String(settings.ports.web),
    CACHE_PURGE_URL: `http://${LOOPBACK}:${settings.ports.cache}`,
    SANITY_REVALIDATE_SECRET: secrets.revalidateSecret,
    SANITY_PREVIEW_SECRET: secrets.previewSecret,
    SANITY_API_READ_TOKEN: secrets.readToken,
  }
}

/**
 * Varnish (deploy/varnish/start.sh) between Caddy and the site. Started as root, varnishd drops
 * to the users Debian's package made (`jail`); anyone else must keep their own (`CACHE_JAIL=none`).
 * The systemd unit names its own working dir.
 */
export function cacheEnv(settings: ProductionSettings, options: { workDir?: string; jail: boolean }): Env {
  return {
    SITE_ORIGIN: `${LOOPBACK}:${settings.ports.web}`,
    CACHE_LISTEN: `${LOOPBACK}:${settings.ports.cache}`,
    CACHE_SIZE: settings.cacheSize,
    ...(options.workDir ? { CACHE_WORK_DIR: options.workDir } : {}),
    ...(options.jail ? {} : { CACHE_JAIL: 'none' }),
  }
}

/** Caddy's Caddyfile (deploy/caddy/Caddyfile) reads these placeholders. */
export function caddyEnv(settings: ProductionSettings): Env {
  return {
    SITE_HOST: settings.siteHost,
    STUDIO_HOST: settings.studioHost,
    LAKE_HOSTS: lakeHosts(settings).join(', '),
    CADDY_TLS: settings.tls,
    CADDY_HTTPS_PORT: String(settings.httpsPort),
    CADDY_HTTP_PORT: String(settings.httpPort),
    // On this machine only, for a loopback run; else every address, as Caddy listens by default
    // (`""`: an empty host, which Caddy's own default is too).
    CADDY_BIND: settings.loopback ? LOOPBACK : '""',
    CADDY_ADMIN: settings.caddyAdmin,
    STUDIO_DIST: settings.studioDist,
    CACHE_ADDRESS: `${LOOPBACK}:${settings.ports.cache}`,
    LAKE_ADDRESS: `${LOOPBACK}:${settings.ports.lake}`,
  }
}

/**
 * `next build`: the site's addresses, plus the lake's settings, because apps/web's build script
 * starts the lake on the production data dir when none answers (a fresh server: the first start
 * seeds it).
 */
export function siteBuildEnv(settings: ProductionSettings): Env {
  return { ...lakeEnv(settings), ...siteAddresses(settings) }
}

/**
 * `sanity build`: the Studio calls the lake at its public name (`https://local.<lake host>`) and
 * previews the site at its public address. SANITY_STUDIO_* are written into the static files.
 */
export function studioBuildEnv(settings: ProductionSettings): Env {
  return {
    SANITY_STUDIO_PROJECT_ID: '',
    SANITY_STUDIO_DATASET: '',
    SANITY_STUDIO_API_HOST: settings.lakeUrl,
    SANITY_STUDIO_SITE_URL: settings.siteUrl,
  }
}
