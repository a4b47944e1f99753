import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './ports.ts'
import { startProcess, stopProcess, tail } from './processes.ts'

export const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisFixture {
  /** `redis://127.0.0.1:<port>`, what the site takes as REDIS_URL. */
  url: string
  port: number
  /** Where it keeps its append-only file: what it holds survives `stop()` and `start()`. */
  dir: string
  process(): ChildProcess | undefined
  /** Shuts it down as a service manager would (SIGTERM: it writes what it holds, then exits). */
  stop(): Promise<void>
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>
  /** Stops it and removes its data. */
  remove(): Promise<void>
}

/**
 * Debian's `redis-server` (Valkey answers the same), run by the test on a free loopback port,
 * never a system service. Durable as a deployment should run it (`appendonly yes`, fsync on
 * every write), so stopping and starting it keeps every expiry the site recorded.
 */
export async function startRedisFixture(options: { log: string; timeoutMs?: number }): Promise<RedisFixture> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} not found: apt-get install -y redis-server (.ci/run installs it)`)
  }
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'testkit-redis-'))
  let child: ChildProcess | undefined
  const start = async () => {
    child = startProcess(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
      ],
      { log: options.log, append: true },
    )
    const deadline = Date.now() + (options.timeoutMs ?? 30_000)
    while (!(await answersPing(port))) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}):\n${tail(options.log)}`)
      }
      if (Date.now() > deadline)
        throw new Error(`redis-server did not answer on ${port}:\n${tail(options.log)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const stop = async () => {
    await stopProcess(child)
    child = undefined
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    process: () => child,
    stop,
    start,
    remove: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Whether a Redis server answers PING on the port (RESP: `+PONG`). */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    const done = (answer: boolean) => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}
