import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startProcess, stopProcess, waitForHealth } from './processes.ts'

const START_SCRIPT = fileURLToPath(new URL('../../../deploy/varnish/start.sh', import.meta.url))
export const VARNISHD = '/usr/sbin/varnishd'

export interface VarnishFixture {
  url: string
  port: number
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * The cache tier from deploy/ (Varnish with deploy/varnish/site.vcl), started with the same script
 * an operator runs, in front of one instance of the site or several (`origins`, host:port each),
 * on `port` (picked by the caller: the site needs CACHE_PURGE_URL and the lake its webhook target
 * before the cache is up). Resolves once a page comes through it.
 */
export async function startVarnishFixture(options: {
  origins: string[]
  port: number
  workDir: string
  log: string
  /** Memory for cached objects (varnishd -s malloc). */
  size?: string
  timeoutMs?: number
}): Promise<VarnishFixture> {
  if (!existsSync(VARNISHD)) {
    throw new Error(`${VARNISHD} not found: apt-get install -y varnish (.ci/run installs it)`)
  }
  const child = startProcess('sh', [START_SCRIPT], {
    env: {
      ...process.env,
      SITE_ORIGIN: options.origins.join(','),
      CACHE_LISTEN: `127.0.0.1:${options.port}`,
      CACHE_WORK_DIR: join(options.workDir, 'work'),
      CACHE_SIZE: options.size ?? '256m',
      // As root (containers, CI), keep varnishd's workers as root rather than switching to the
      // varnish users, which cannot read a checkout under /root or /work.
      ...(process.getuid?.() === 0 ? { CACHE_JAIL: 'none' } : {}),
    },
    log: options.log,
    append: true,
  })
  const url = `http://127.0.0.1:${options.port}`
  try {
    await waitForHealth(`${url}/status`, child, {
      what: 'varnish',
      log: options.log,
      timeoutMs: options.timeoutMs ?? 60_000,
    })
  } catch (error) {
    await stopProcess(child)
    throw error
  }
  return { url, port: options.port, process: child, stop: () => stopProcess(child) }
}
