import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createClient, type SanityClient } from '@sanity/client'

const CLI = join(import.meta.dirname, '../../src/cli.ts')

/** The lake as its own process (as `npm run lake` runs it), for tests that kill it. */
export class LakeProcess {
  #child: ChildProcess | undefined
  #output = ''
  readonly env: Record<string, string>

  constructor(env: Record<string, string>) {
    this.env = env
  }

  start(): Promise<string> {
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...process.env, LAKE_PORT: '0', LAKE_TLS_PORT: '0', LAKE_WEBHOOKS: '0', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.#child = child
    this.#output = ''
    return new Promise((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        this.#output += chunk.toString()
        const url = /HTTP\s+(http:\/\/\S+)/.exec(this.#output)?.[1]
        if (url) resolve(url)
      }
      child.stdout?.on('data', collect)
      child.stderr?.on('data', collect)
      child.once('exit', (code) =>
        reject(new Error(`lake exited with ${code} before serving:\n${this.#output}`)),
      )
    })
  }

  /** What the lake printed (stdout and stderr) since it was last started. */
  output(): string {
    return this.#output
  }

  /** Resolves once the lake has printed `pattern` `times` times; rejects if it exits first. */
  waitForOutput(pattern: RegExp, times = 1): Promise<string> {
    const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)
    return new Promise((resolve, reject) => {
      const check = () => {
        if ((this.#output.match(global)?.length ?? 0) < times) return false
        this.#child?.stdout?.off('data', check)
        this.#child?.stderr?.off('data', check)
        resolve(this.#output)
        return true
      }
      if (check()) return
      this.#child?.stdout?.on('data', check)
      this.#child?.stderr?.on('data', check)
      this.#child?.once('exit', () =>
        reject(new Error(`lake exited before printing ${pattern}:\n${this.#output}`)),
      )
    })
  }

  /** Signals the lake and resolves once it has exited, with its exit code (null when the signal ended it). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.#child
    return new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null)
        return resolve(child?.exitCode ?? null)
      child.once('exit', (code) => resolve(code))
      child.kill(signal)
    })
  }
}

/** The real client for a lake process, without retries so a killed lake fails the request at once. */
export function processClient(url: string, token: string): SanityClient {
  return createClient({
    projectId: 'local',
    dataset: 'production',
    apiHost: url,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    token,
    useCdn: false,
    maxRetries: 0,
  })
}
