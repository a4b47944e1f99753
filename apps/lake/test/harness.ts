import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type SanityClient } from '@sanity/client'
import { loadConfig, type TokenConfig } from '../src/config.ts'
import { type RunningLake, startLake } from '../src/server.ts'
import { memoryBackend } from '../src/store/memoryStorage.ts'
import type { WebhookConfig } from '../src/webhooks/webhookConfig.ts'

export const API_VERSION = '2025-02-19'

/**
 * Where the contract suite runs. By default a fresh lake on free ports with a temp data dir;
 * with LAKE_TARGET_URL (plus LAKE_TARGET_TOKEN, LAKE_TARGET_PROJECT_ID, LAKE_TARGET_DATASET) the
 * same tests drive another Content Lake, e.g. a hosted project. LAKE_TEST_STORAGE=memory runs the
 * local lake on in-memory storage instead of SQLite files, for quick runs; SQLite stays the default
 * because it is what the lake serves from.
 */
export interface Target {
  url: string
  projectId: string
  dataset: string
  /** A token that may write. */
  writeToken: string
  /** A read-only token, when the target has one. */
  viewerToken: string | undefined
  local: RunningLake | undefined
  client(options?: { token?: string | undefined; anonymous?: boolean }): SanityClient
  close(): Promise<void>
}

const ADMIN_TOKEN = 'contract-admin-token-0123456789abcdef'
const VIEWER_TOKEN = 'contract-viewer-token-0123456789abcdef'

export async function startTarget(
  options: {
    seed?: boolean
    webhooks?: WebhookConfig[]
    devIdentity?: boolean
    /** More tokens for a local lake, beside the admin and viewer ones every target has. */
    tokens?: TokenConfig[]
    /** Where a local lake's log lines go; nowhere unless given. */
    log?: (line: string) => void
    /**
     * Keeps a local lake's documents in memory whatever LAKE_TEST_STORAGE says: for suites about
     * the query path that make many datasets, where SQLite's syncs would be most of the time.
     */
    memoryStorage?: boolean
  } = {},
): Promise<Target> {
  const external = process.env.LAKE_TARGET_URL
  if (external) {
    const projectId = process.env.LAKE_TARGET_PROJECT_ID ?? 'local'
    return describeTarget({
      url: external,
      projectId,
      dataset: process.env.LAKE_TARGET_DATASET ?? 'production',
      writeToken: process.env.LAKE_TARGET_TOKEN ?? '',
      viewerToken: process.env.LAKE_TARGET_VIEWER_TOKEN,
      local: undefined,
      close: async () => {},
    })
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-test-'))
  const config = loadConfig(
    {},
    {
      dataDir,
      port: 0,
      tlsPort: 0,
      devIdentity: options.devIdentity ?? false,
      tokens: [
        { token: ADMIN_TOKEN, role: 'administrator', name: 'Contract admin' },
        { token: VIEWER_TOKEN, role: 'viewer', name: 'Contract viewer' },
        ...(options.tokens ?? []),
      ],
      seedDataset: 'production',
      seed: options.seed ?? false,
      webhooks: options.webhooks ?? [],
    },
  )
  const inMemory = options.memoryStorage || process.env.LAKE_TEST_STORAGE === 'memory'
  const storage = inMemory ? memoryBackend() : undefined
  const local = await startLake(config, options.log ?? (() => {}), storage)
  return describeTarget({
    url: local.httpUrl,
    projectId: 'local',
    dataset: 'production',
    writeToken: ADMIN_TOKEN,
    viewerToken: VIEWER_TOKEN,
    local,
    close: async () => {
      await local.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  })
}

function describeTarget(base: Omit<Target, 'client'>): Target {
  const isLake = base.local !== undefined || !base.url.includes('sanity.io')
  return {
    ...base,
    client({ token, anonymous } = {}) {
      return createClient({
        projectId: base.projectId,
        dataset: base.dataset,
        apiVersion: API_VERSION,
        apiHost: base.url,
        useProjectHostname: !isLake,
        useCdn: false,
        ...(anonymous ? {} : { token: token ?? base.writeToken }),
      })
    },
  }
}

/** Ids unique to one test run, so the suite can share a dataset with other data. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
