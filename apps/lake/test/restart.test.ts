import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@sanity/client'
import { afterAll, describe, expect, it } from 'vitest'

const CLI = join(import.meta.dirname, '../src/cli.ts')
const dataDir = mkdtempSync(join(tmpdir(), 'lake-restart-'))
const TOKEN = 'restart-token'
let child: ChildProcess | undefined

/** Starts the lake as its own process, as `npm run lake` does, and resolves with its HTTP URL. */
function startProcess(): Promise<string> {
  child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      ...process.env,
      LAKE_DATA_DIR: dataDir,
      LAKE_PORT: '0',
      LAKE_TLS_PORT: '0',
      LAKE_TOKENS: `${TOKEN}:editor`,
      LAKE_DEV_IDENTITY: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    child?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const url = /HTTP\s+(http:\/\/\S+)/.exec(output)?.[1]
      if (url) resolve(url)
    })
    child?.once('exit', (code) => reject(new Error(`lake exited with ${code} before serving:\n${output}`)))
  })
}

function killHard(): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

afterAll(async () => {
  await killHard()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('restart', () => {
  it('keeps every acknowledged write across a SIGKILL and restart', async () => {
    const client = (url: string) =>
      createClient({
        projectId: 'local',
        dataset: 'production',
        apiHost: url,
        useProjectHostname: false,
        apiVersion: '2025-02-19',
        token: TOKEN,
        useCdn: false,
      })
    const first = client(await startProcess())
    const acknowledged: string[] = []
    for (let index = 0; index < 20; index++) {
      const id = `restart-${index}`
      await first.create({ _id: id, _type: 'thing', index })
      acknowledged.push(id)
    }
    await first.patch('restart-0').set({ patched: true }).commit()
    await killHard()

    const second = client(await startProcess())
    const ids = await second.fetch<string[]>('*[_type == "thing"] | order(index asc)._id')
    expect(ids).toEqual(acknowledged)
    expect(await second.getDocument('restart-0')).toMatchObject({ patched: true })
    // The seeded story is still there too, and was not seeded twice.
    expect(await second.fetch('count(*[_type == "article"])')).toBe(1)
  })
})
