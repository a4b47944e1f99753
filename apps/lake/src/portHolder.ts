import { request as httpsRequest } from 'node:https'
import { connect } from 'node:net'

const PROBE_TIMEOUT_MS = 1_000

/** Whether anything accepts connections on the port at 127.0.0.1 or ::1 (what `localhost` reaches). */
export async function isPortTaken(port: number): Promise<boolean> {
  const answers = await Promise.all(['127.0.0.1', '::1'].map((host) => accepts(host, port)))
  return answers.some(Boolean)
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS })
    const done = (taken: boolean) => {
      socket.destroy()
      resolve(taken)
    }
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
    socket.once('timeout', () => done(false))
  })
}

/**
 * What holds a taken port, as far as it can tell from one request: this project's lake (its
 * `/health`, over HTTP or HTTPS), a Next.js server, a Sanity Studio, or "another program".
 */
export async function describePortHolder(port: number): Promise<string> {
  const plain = await probe(`http://127.0.0.1:${port}/health`)
  if (isLakeHealth(plain)) return `a lake is already running at http://127.0.0.1:${port}`
  const secure = await probeHttps(port)
  if (isLakeHealth(secure)) return `a lake is already running at https://localhost:${port}`
  const page = await probe(`http://localhost:${port}/`)
  if (page && /\brsc\b/i.test(page.vary))
    return `a Next.js server is already running at http://localhost:${port}`
  if (page && /sanity/i.test(page.body))
    return `a Sanity Studio is already running at http://localhost:${port}`
  return 'another program holds it'
}

interface ProbeAnswer {
  status: number
  vary: string
  body: string
}

function isLakeHealth(answer: ProbeAnswer | undefined): boolean {
  if (answer?.status !== 200) return false
  try {
    return (JSON.parse(answer.body) as { status?: unknown }).status === 'ok'
  } catch {
    return false
  }
}

async function probe(url: string): Promise<ProbeAnswer | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'manual' })
    return { status: response.status, vary: response.headers.get('vary') ?? '', body: await response.text() }
  } catch {
    return undefined
  }
}

/** The lake's HTTPS port uses its own CA, which this process need not trust just to recognise it. */
function probeHttps(port: number): Promise<ProbeAnswer | undefined> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path: '/health', rejectUnauthorized: false, timeout: PROBE_TIMEOUT_MS },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, vary: '', body }))
      },
    )
    req.once('error', () => resolve(undefined))
    req.once('timeout', () => req.destroy())
    req.end()
  })
}

export interface TakenPort {
  /** The variable that sets it, e.g. LAKE_PORT. */
  variable: string
  port: number
  holder: string
  /** A nearby port that is free now. */
  suggestion: number
}

/** The ports among `ports` (variable → port; 0 means "any", never taken) that something holds. */
export async function findTakenPorts(ports: Record<string, number>): Promise<TakenPort[]> {
  const checked = await Promise.all(
    Object.entries(ports).map(async ([variable, port]) => {
      if (port === 0 || !(await isPortTaken(port))) return undefined
      return { variable, port, holder: await describePortHolder(port), suggestion: await freePortNear(port) }
    }),
  )
  return checked.filter((entry): entry is TakenPort => entry !== undefined)
}

async function freePortNear(port: number): Promise<number> {
  for (let candidate = port + 100; candidate < 65536; candidate += 100) {
    if (!(await isPortTaken(candidate))) return candidate
  }
  return 0
}

/** One line: which ports are taken, by what, and the command that moves past them. */
export function takenPortsLine(taken: TakenPort[], command: string): string {
  const held = taken.map(({ port, variable, holder }) => `port ${port} (${variable}) is in use: ${holder}`)
  const moved = taken.map(({ variable, suggestion }) => `${variable}=${suggestion}`).join(' ')
  const them = taken.length > 1 ? 'them' : 'it'
  return `${held.join('; ')}. Stop ${them}, or choose ${taken.length > 1 ? 'other ports' : 'another port'}: ${moved} ${command}`
}
