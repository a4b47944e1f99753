import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { localAddresses } from '@slideshow/sanity/localAddresses'
import { assertLongTokens } from './auth/tokenLength.ts'
import { type BackupSettings, backupSettings } from './backup/backupSettings.ts'
import { siteRevalidateWebhook, type WebhookConfig } from './webhooks/webhookConfig.ts'

export type Role = 'administrator' | 'editor' | 'viewer'

export interface TokenConfig {
  token: string
  role: Role
  name?: string
}

export interface LakeConfig {
  /** The lake's own project id, which `*.localhost` and server-side clients use. */
  projectId: string
  /**
   * Which other project ids reach the lake through Sanity's names (`lake exec`, `lake browser`):
   * all when undefined, else these (`LAKE_PROJECT_IDS`). Every project id sees the same datasets.
   */
  projectIds?: string[]
  dataDir: string
  host: string
  port: number
  tlsPort: number
  /** Tokens from the environment; those in `lake.config.json` are read live by TokenRegistry. */
  tokens: TokenConfig[]
  /**
   * Loopback callers without a token act as an administrator: the offline developer experience.
   * `untilAccounts` (the default on loopback outside production) keeps it only while the data
   * dir has no accounts; `true` keeps it regardless (`LAKE_DEV_IDENTITY=1`), `false` never.
   */
  devIdentity: boolean | 'untilAccounts'
  /** Editors' accounts: sessions, invites, lockout, the sign-in page (`accounts/`). */
  accounts: AccountsConfig
  /**
   * Where browsers reach this lake (`LAKE_PUBLIC_URL`), for invite links and the sign-in page's
   * address when it cannot be told from the request; unset: `https://localhost:<tlsPort>`.
   */
  publicUrl: string | undefined
  /** The Studio's address (`STUDIO_URL`), where the invite page sends people once their password is set. */
  studioUrl: string
  /** Behind a reverse proxy: take the client address from the proxy's `X-Forwarded-For` (`LAKE_TRUST_PROXY=1`). */
  trustProxy: boolean
  /** Dataset created on the first start of a data dir (null: none). */
  seedDataset: string | null
  /** Whether that first dataset is seeded from packages/dataset (`LAKE_SEED=0` creates it empty). */
  seed: boolean
  /** Upper bound on a JSON request body. */
  maxBodyBytes: number
  /** Upper bound on an uploaded asset (image or file); larger uploads get a 413. */
  maxAssetBytes: number
  /** GROQ webhooks; by default the one that revalidates the reader site. */
  webhooks: WebhookConfig[]
  /**
   * Browser origins allowed to call the API (CORS, and any request carrying an Origin): the
   * Studio's and the site's own by default, plus `LAKE_CORS_ORIGINS`. Administrators add more
   * at run time with `/projects/:id/cors`, kept in the data dir.
   */
  corsOrigins: string[]
  /** Host names besides loopback ones the lake answers to (`LAKE_ALLOWED_HOSTS`; `.example.com` = subdomains too). */
  allowedHosts: string[]
  /** A GROQ query is stopped and answered with an error after this long (`LAKE_QUERY_TIMEOUT_MS`). */
  queryTimeoutMs: number
  /** Worker threads that evaluate GROQ off the main thread (`LAKE_QUERY_WORKERS`). */
  queryWorkers: number
  /** Longest query text accepted in a GET URL, and in a POST body. */
  maxGetQueryBytes: number
  maxPostQueryBytes: number
  /** Bytes of rendered image variants kept on disk before the least recently used go (`LAKE_VARIANT_CACHE_MB`). */
  variantCacheBytes: number
  /** Image variants rendered at once, and waiting; past that a 503 with Retry-After. */
  imageConcurrency: number
  imageQueueLength: number
  /** Uploads with more pixels than this are refused. */
  maxImagePixels: number
  /** Scheduled backups (`LAKE_BACKUP_*`), and where an upgrade's backup goes. */
  backup: BackupSettings
}

const DAY_MS = 24 * 60 * 60 * 1000

export interface AccountsConfig {
  /** A session unused this long ends (`LAKE_SESSION_IDLE_DAYS`, 14). */
  sessionIdleMs: number
  /** A session ends this long after sign-in however much it is used (`LAKE_SESSION_MAX_DAYS`, 90). */
  sessionMaxMs: number
  /** An invite link works once, for this long (7 days). */
  inviteTtlMs: number
  /** The `#sid=` a sign-in hands the Studio works once, for this long (a minute). */
  signInCodeTtlMs: number
  /** The first lock after 5 failed sign-ins lasts this long, each further one twice as long (`LAKE_LOCK_SECONDS`, 60). */
  lockBaseMs: number
  /** Failed sign-ins one client address may make per window before it is refused for the window. */
  addressFailures: number
  addressWindowMs: number
  /** `audit.log` is rotated past this size (`audit.log.1`, `.2`, `.3` kept). */
  auditMaxBytes: number
}

// Here and in loadConfig, an empty variable (`NAME=` in an env file) means its default: `||`, not `??`.
function accountsConfig(env: NodeJS.ProcessEnv): AccountsConfig {
  return {
    sessionIdleMs: Number(env.LAKE_SESSION_IDLE_DAYS || 14) * DAY_MS,
    sessionMaxMs: Number(env.LAKE_SESSION_MAX_DAYS || 90) * DAY_MS,
    inviteTtlMs: 7 * DAY_MS,
    signInCodeTtlMs: 60_000,
    lockBaseMs: Number(env.LAKE_LOCK_SECONDS || 60) * 1000,
    addressFailures: 30,
    addressWindowMs: 15 * 60_000,
    auditMaxBytes: 5 * 1024 * 1024,
  }
}

/**
 * The dev identity: never in production (whatever the flag says), else as `LAKE_DEV_IDENTITY` or
 * the file says, else on while there are no accounts, and only on loopback, where no proxy can
 * make every caller look local.
 */
function devIdentityMode(env: NodeJS.ProcessEnv, fromFile: boolean | undefined, host: string) {
  if (env.NODE_ENV === 'production') return false
  const chosen = flag(env.LAKE_DEV_IDENTITY) ?? fromFile
  if (chosen !== undefined) return chosen
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.')
  return loopback ? ('untilAccounts' as const) : false
}

/**
 * The Studio's and the site's own origins (STUDIO_URL and SITE_URL, else localhost at
 * STUDIO_PORT and WEB_PORT), with their `127.0.0.1` and `localhost` twins.
 */
export function defaultCorsOrigins(env: NodeJS.ProcessEnv): string[] {
  const { studioUrl, siteUrl } = localAddresses(env)
  return [...new Set([studioUrl, siteUrl].flatMap((url) => loopbackTwins(new URL(url).origin)))]
}

function loopbackTwins(origin: string): string[] {
  const url = new URL(origin)
  if (url.hostname === 'localhost') return [origin, origin.replace('//localhost', '//127.0.0.1')]
  if (url.hostname === '127.0.0.1') return [origin, origin.replace('//127.0.0.1', '//localhost')]
  return [origin]
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
}

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')

/**
 * Whether the lake runs from this repository's sources; otherwise it is installed as a package in
 * another project (`npm pack` of apps/lake), where there is no story to seed and no repository.
 */
export const IN_REPOSITORY = existsSync(join(REPO_ROOT, 'packages', 'dataset', 'package.json'))

/** The folder the command was typed in: npm runs scripts elsewhere and keeps it in INIT_CWD. */
export function callerDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD ?? process.cwd())
}

/**
 * Where a lake keeps its data unless told (`--data-dir`, LAKE_DATA_DIR): the repository's `.lake/`
 * when it runs from this repository, else `.lake/` in the project it is installed in.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return IN_REPOSITORY ? join(REPO_ROOT, '.lake') : join(callerDir(env), '.lake')
}

/**
 * The data dir of a lake for another app (`lake exec`, `lake browser`, `lake functions`): the
 * repository's own when typed inside this repository, else `.lake/` in the app's folder, so every
 * app keeps its own content, as every hosted project does.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const caller = callerDir(env)
  const inside = IN_REPOSITORY && !relative(REPO_ROOT, caller).startsWith('..')
  return inside ? join(REPO_ROOT, '.lake') : join(caller, '.lake')
}

const ROLES: Role[] = ['administrator', 'editor', 'viewer']

/** Parses `LAKE_TOKENS`: comma-separated `token:role[:name]`, each token at least 32 characters. */
export function parseTokens(value: string | undefined): TokenConfig[] {
  if (!value) return []
  const tokens = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, position) => {
      const [token, role = 'viewer', name] = entry.split(':')
      if (!token || !ROLES.includes(role as Role)) {
        throw new Error(
          `LAKE_TOKENS: entry ${position + 1} is not token:role with role one of ${ROLES.join(', ')}`,
        )
      }
      return { token, role: role as Role, ...(name ? { name } : {}) }
    })
  assertLongTokens(tokens, 'LAKE_TOKENS')
  return tokens
}

type FileConfig = Partial<Pick<LakeConfig, 'webhooks' | 'corsOrigins' | 'allowedHosts'>> & {
  devIdentity?: boolean
}

/** `lake.config.json` in the data dir: the dev identity switch, webhooks, and (read live) tokens. */
export function configFile(dataDir: string): string {
  return join(dataDir, 'lake.config.json')
}

function readConfigFile(dataDir: string): FileConfig {
  const file = configFile(dataDir)
  if (!existsSync(file)) return {}
  return JSON.parse(readFileSync(file, 'utf8')) as FileConfig
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase())
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<LakeConfig> = {},
): LakeConfig {
  const dataDir = resolve(overrides.dataDir ?? (env.LAKE_DATA_DIR || defaultDataDir(env)))
  const file = readConfigFile(dataDir)
  const { ports, studioUrl } = localAddresses(env)
  const host = env.LAKE_HOST || '127.0.0.1'
  return {
    projectId: 'local',
    ...(env.LAKE_PROJECT_IDS?.trim() ? { projectIds: list(env.LAKE_PROJECT_IDS) } : {}),
    dataDir,
    host,
    port: ports.LAKE_PORT,
    tlsPort: ports.LAKE_TLS_PORT,
    tokens: parseTokens(env.LAKE_TOKENS),
    devIdentity: devIdentityMode(env, file.devIdentity, host),
    accounts: accountsConfig(env),
    publicUrl: env.LAKE_PUBLIC_URL || undefined,
    studioUrl,
    trustProxy: flag(env.LAKE_TRUST_PROXY) ?? false,
    seedDataset: 'production',
    // Only this repository has a story to seed; installed elsewhere the first dataset starts empty.
    seed: flag(env.LAKE_SEED) ?? IN_REPOSITORY,
    maxBodyBytes: 10 * 1024 * 1024,
    maxAssetBytes: 50 * 1024 * 1024,
    webhooks: file.webhooks ?? (flag(env.LAKE_WEBHOOKS) === false ? [] : [siteRevalidateWebhook(env)]),
    corsOrigins: [...defaultCorsOrigins(env), ...list(env.LAKE_CORS_ORIGINS), ...(file.corsOrigins ?? [])],
    allowedHosts: [...list(env.LAKE_ALLOWED_HOSTS), ...(file.allowedHosts ?? [])],
    queryTimeoutMs: Number(env.LAKE_QUERY_TIMEOUT_MS || 5_000),
    queryWorkers: Number(env.LAKE_QUERY_WORKERS || Math.max(1, Math.min(4, availableParallelism() - 1))),
    // Hosted refuses GET queries past about 11 kB; POST carries longer ones, up to a bound.
    maxGetQueryBytes: 11 * 1024,
    maxPostQueryBytes: 256 * 1024,
    variantCacheBytes: Number(env.LAKE_VARIANT_CACHE_MB || 512) * 1024 * 1024,
    imageConcurrency: Math.max(1, Math.min(2, availableParallelism())),
    imageQueueLength: 32,
    maxImagePixels: 100_000_000,
    backup: backupSettings(env),
    ...overrides,
  }
}
