/*
 * Where each local process listens, from four variables: the lake's two ports, the site's and
 * the Studio's. Everything that needs another process's address (the site's API host, the lake's
 * CORS origins and webhook target, `npm run dev`'s port check, the Sanity CLI wrapper) derives it
 * here, so changing one variable moves every side of it. Import-free: plain Node scripts, the
 * lake and Next.js all load it.
 */

export const DEFAULT_PORTS = {
  LAKE_PORT: 4000,
  LAKE_TLS_PORT: 4443,
  WEB_PORT: 3000,
  STUDIO_PORT: 3333,
} as const

export type PortVariable = keyof typeof DEFAULT_PORTS

export interface LocalAddresses {
  ports: Record<PortVariable, number>
  /** The lake's plain-HTTP port, for server-side clients (the site, scripts). */
  lakeHttpUrl: string
  /** The lake's HTTPS/HTTP2 port, for browsers (the Studio calls `https://<projectId>.localhost:<port>`). */
  lakeHttpsUrl: string
  /** The site: `SITE_URL` when set (its public address), else `http://localhost:<WEB_PORT>`. */
  siteUrl: string
  /** The Studio: `STUDIO_URL` when set, else `http://localhost:<STUDIO_PORT>`. */
  studioUrl: string
}

type EnvSource = Record<string, string | undefined>

function port(env: EnvSource, name: PortVariable): number {
  const value = env[name]?.trim()
  if (!value) return DEFAULT_PORTS[name]
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`${name}=${value} is not a port number (0-65535)`)
  }
  return parsed
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

export function localAddresses(env: EnvSource): LocalAddresses {
  const ports = {
    LAKE_PORT: port(env, 'LAKE_PORT'),
    LAKE_TLS_PORT: port(env, 'LAKE_TLS_PORT'),
    WEB_PORT: port(env, 'WEB_PORT'),
    STUDIO_PORT: port(env, 'STUDIO_PORT'),
  }
  return {
    ports,
    lakeHttpUrl: `http://127.0.0.1:${ports.LAKE_PORT}`,
    lakeHttpsUrl: `https://localhost:${ports.LAKE_TLS_PORT}`,
    siteUrl: withoutTrailingSlash(env.SITE_URL?.trim() || `http://localhost:${ports.WEB_PORT}`),
    studioUrl: withoutTrailingSlash(env.STUDIO_URL?.trim() || `http://localhost:${ports.STUDIO_PORT}`),
  }
}
