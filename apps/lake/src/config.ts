import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { siteRevalidateWebhook, type WebhookConfig } from './webhooks/webhookConfig.ts'

export type Role = 'administrator' | 'editor' | 'viewer'

export interface TokenConfig {
  token: string
  role: Role
  name?: string
}

export interface LakeConfig {
  projectId: string
  dataDir: string
  host: string
  port: number
  tlsPort: number
  /** Tokens from the environment; those in `lake.config.json` are read live by TokenRegistry. */
  tokens: TokenConfig[]
  /** Loopback callers without a token act as an administrator: the offline developer experience. */
  devIdentity: boolean
  /** Dataset seeded from packages/dataset when the data dir is new. */
  seedDataset: string | null
  /** Upper bound on a JSON request body. */
  maxBodyBytes: number
  /** Upper bound on an uploaded asset (image or file); larger uploads get a 413. */
  maxAssetBytes: number
  /** GROQ webhooks; by default the one that revalidates the reader site. */
  webhooks: WebhookConfig[]
}

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')

const ROLES: Role[] = ['administrator', 'editor', 'viewer']

/** Parses `LAKE_TOKENS`: comma-separated `token:role[:name]`. */
export function parseTokens(value: string | undefined): TokenConfig[] {
  if (!value) return []
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [token, role = 'viewer', name] = entry.split(':')
      if (!token || !ROLES.includes(role as Role)) {
        throw new Error(`LAKE_TOKENS: "${entry}" is not token:role with role one of ${ROLES.join(', ')}`)
      }
      return { token, role: role as Role, ...(name ? { name } : {}) }
    })
}

type FileConfig = Partial<Pick<LakeConfig, 'devIdentity' | 'webhooks'>>

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
  const dataDir = resolve(overrides.dataDir ?? env.LAKE_DATA_DIR ?? join(REPO_ROOT, '.lake'))
  const file = readConfigFile(dataDir)
  const production = env.NODE_ENV === 'production'
  return {
    projectId: 'local',
    dataDir,
    host: env.LAKE_HOST ?? '127.0.0.1',
    port: Number(env.LAKE_PORT ?? 4000),
    tlsPort: Number(env.LAKE_TLS_PORT ?? 4443),
    tokens: parseTokens(env.LAKE_TOKENS),
    devIdentity: flag(env.LAKE_DEV_IDENTITY) ?? file.devIdentity ?? !production,
    seedDataset: 'production',
    maxBodyBytes: 10 * 1024 * 1024,
    maxAssetBytes: 50 * 1024 * 1024,
    webhooks: file.webhooks ?? (flag(env.LAKE_WEBHOOKS) === false ? [] : [siteRevalidateWebhook(env)]),
    ...overrides,
  }
}
