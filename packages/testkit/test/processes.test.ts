import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startLakeFixture } from '../src/lake.ts'
import { freePort } from '../src/ports.ts'
import { exitCode, startProcess, stopProcess, waitForHealth } from '../src/processes.ts'

const dir = mkdtempSync(join(tmpdir(), 'testkit-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Running, not a zombie: an orphan's exit may wait long for a reaper in a container. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

describe('freePort', () => {
  it('gives a port this process can listen on', async () => {
    const port = await freePort()
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    await new Promise((resolve) => server.close(resolve))
  })
})

describe('child processes', () => {
  it('stops the whole process group, not only the process it started', async () => {
    const pidFile = join(dir, 'grandchild.pid')
    const child = startProcess('sh', ['-c', `sleep 300 & echo $! > ${pidFile}; wait`], {
      log: join(dir, 'group.log'),
    })
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '').toBe(true)
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    expect(alive(grandchild)).toBe(true)
    await stopProcess(child)
    await expect.poll(() => alive(grandchild)).toBe(false)
  })

  it('fails the wait at once when the process exits, with the end of its log', async () => {
    const log = join(dir, 'crash.log')
    const child = startProcess('sh', ['-c', 'echo "cannot bind"; exit 3'], { log })
    const began = Date.now()
    await expect(
      waitForHealth(`http://127.0.0.1:${await freePort()}/health`, child, { what: 'crasher', log }),
    ).rejects.toThrow(/crasher exited \(3\):\ncannot bind/)
    expect(Date.now() - began).toBeLessThan(5000)
    expect(await exitCode(child)).toBe(3)
  })

  it('waits until the process answers 2xx', async () => {
    const port = await freePort()
    // Answers 503 for a moment first, as a starting server does.
    const server = `const started = Date.now(); require('node:http').createServer((q, s) => { s.statusCode = Date.now() - started < 600 ? 503 : 200; s.end() }).listen(${port}, '127.0.0.1')`
    const child = startProcess(process.execPath, ['-e', server], { log: join(dir, 'server.log') })
    try {
      await waitForHealth(`http://127.0.0.1:${port}/`, child, { what: 'server', timeoutMs: 10_000 })
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200)
    } finally {
      await stopProcess(child)
    }
  })
})

describe('lake fixture', () => {
  it('starts a lake on free ports in a temp data dir, and stop removes the dir', async () => {
    const lake = await startLakeFixture({
      log: join(dir, 'lake.log'),
      // Seeding decodes every photo; an empty first dataset is enough to show the fixture works.
      env: { ...process.env, LAKE_SEED: '0' },
      config: { webhooks: [] },
    })
    try {
      const health = await fetch(`${lake.url}/health`)
      expect(health.status).toBe(200)
      expect(readFileSync(join(lake.dataDir, 'lake.config.json'), 'utf8')).toContain('webhooks')
    } finally {
      await lake.stop()
    }
    expect(existsSync(lake.dataDir)).toBe(false)
    expect(lake.process.exitCode ?? lake.process.signalCode).not.toBeNull()
  })
})
