// wrk against one URL: requests/s, latency percentiles and errors, read from wrk.lua's JSON line.
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export interface WrkOptions {
  connections: number
  threads: number
  seconds: number
  headers?: Record<string, string>
}

export interface WrkResult {
  url: string
  connections: number
  threads: number
  seconds: number
  requests: number
  requestsPerSecond: number
  /** Bytes read per request, headers included. */
  bytesPerRequest: number
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }
  /** Socket errors plus responses that were not 2xx or 3xx. */
  errors: number
  errorDetail: { connect: number; read: number; write: number; status: number; timeout: number }
}

const SCRIPT = join(import.meta.dirname, 'wrk.lua')

export function wrk(url: string, options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    SCRIPT,
  ]
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`)
  args.push(url)
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      const line = output.split('\n').find((row) => row.startsWith('WRK_JSON '))
      if (code !== 0 || !line) {
        reject(new Error(`wrk ${url} failed (${code}): ${output.slice(-2000)}`))
        return
      }
      const raw = JSON.parse(line.slice('WRK_JSON '.length)) as {
        requests: number
        durationUs: number
        bytes: number
        errors: WrkResult['errorDetail']
        latencyUs: { p50: number; p90: number; p99: number; max: number; mean: number }
      }
      const ms = (us: number) => us / 1000
      const errors = Object.values(raw.errors).reduce((sum, count) => sum + count, 0)
      resolve({
        url,
        connections: options.connections,
        threads: options.threads,
        seconds: options.seconds,
        requests: raw.requests,
        requestsPerSecond: raw.requests / (raw.durationUs / 1e6),
        bytesPerRequest: raw.requests ? raw.bytes / raw.requests : 0,
        latencyMs: {
          p50: ms(raw.latencyUs.p50),
          p90: ms(raw.latencyUs.p90),
          p99: ms(raw.latencyUs.p99),
          max: ms(raw.latencyUs.max),
          mean: ms(raw.latencyUs.mean),
        },
        errors,
        errorDetail: raw.errors,
      })
    })
  })
}
