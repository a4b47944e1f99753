import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './ports.ts'
import { startNode, stopProcess, waitForHealth } from './processes.ts'

const LAKE_CLI = fileURLToPath(new URL('../../../apps/lake/src/cli.ts', import.meta.url))

export interface LakeFixtureOptions {
  /** The file that gets the lake's output. */
  log: string
  /** The data dir's `lake.config.json` (tokens, webhooks, devIdentity, ...); none when not given. */
  config?: object
  /** Where the lake keeps its data; a temp dir, removed on stop, when not given. */
  dataDir?: string
  /** The environment the lake's variables are added to; `process.env` when not given. */
  env?: NodeJS.ProcessEnv
  /** LAKE_HOST; the lake's own default (loopback) when not given. */
  host?: string
  /** Add to `log` rather than start it afresh. */
  append?: boolean
  /** How long the first start (which seeds the dataset) may take before /health answers. */
  timeoutMs?: number
}

export interface LakeFixture {
  /** Plain HTTP, for server-side clients: `http://127.0.0.1:<port>`. */
  url: string
  /** HTTPS with HTTP/2, as browsers reach it. */
  httpsUrl: string
  port: number
  tlsPort: number
  dataDir: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * The lake as `npm run lake` runs it, in its own process on free ports: a new data dir seeds
 * itself on this first start (the story from packages/dataset) before /health answers.
 */
export async function startLakeFixture(options: LakeFixtureOptions): Promise<LakeFixture> {
  const ownDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'testkit-lake-'))
  mkdirSync(dataDir, { recursive: true })
  if (options.config) {
    writeFileSync(join(dataDir, 'lake.config.json'), JSON.stringify(options.config, null, 2))
  }
  const [port, tlsPort] = [await freePort(), await freePort()]
  const child = startNode(LAKE_CLI, ['serve'], {
    env: {
      ...(options.env ?? process.env),
      LAKE_DATA_DIR: dataDir,
      LAKE_PORT: String(port),
      LAKE_TLS_PORT: String(tlsPort),
      ...(options.host ? { LAKE_HOST: options.host } : {}),
    },
    log: options.log,
    append: options.append ?? false,
  })
  const stop = async () => {
    await stopProcess(child)
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(`${url}/health`, child, {
      what: 'The lake',
      log: options.log,
      timeoutMs: options.timeoutMs ?? 120_000,
    })
  } catch (error) {
    await stop()
    throw error
  }
  return { url, httpsUrl: `https://localhost:${tlsPort}`, port, tlsPort, dataDir, process: child, stop }
}
