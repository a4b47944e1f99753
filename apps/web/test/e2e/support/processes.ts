import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** apps/web: where `next` runs, and whose test-results/ holds every server's log. */
export const webDir = fileURLToPath(new URL('../../..', import.meta.url))
export const logsDir = join(webDir, 'test-results')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export async function waitFor(
  url: string,
  process: ChildProcess,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`${what} exited with code ${process.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`)
}

/** Runs a Node script with the pinned Node, its output in test-results/<log>. */
export function start(command: string[], env: NodeJS.ProcessEnv, log: string, cwd = webDir): ChildProcess {
  mkdirSync(logsDir, { recursive: true })
  const child = spawn(process.execPath, command, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const out = createWriteStream(join(logsDir, log))
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  return child
}

export function finished(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return
  const exited = finished(child)
  child.kill('SIGTERM')
  await exited
}
