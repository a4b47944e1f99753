import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@slideshow/testkit/ports'
import { afterAll, describe, expect, it } from 'vitest'
import { LakeProcess, processClient } from './lakeProcess.ts'

const TOKEN = 'first-start-editor-token-0123456789abcdef'
const ROUNDS = 4
const dirs: string[] = []

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Queries the dataset as fast as it can while the lake starts; collects every status it saw. */
async function hammer(url: string, until: () => boolean, statuses: Map<number, number>) {
  while (!until()) {
    try {
      const response = await fetch(`${url}/v2025-02-19/data/query/production?query=count(*)`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      await response.arrayBuffer()
    } catch {
      // Not listening yet, or just killed.
    }
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).status === 200
  } catch {
    return false
  }
}

describe('first start', () => {
  it('never loses the seed: killed while seeding, the next start seeds it whole, once', async () => {
    let interrupted = 0
    for (let round = 0; round < ROUNDS; round++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'lake-first-start-'))
      dirs.push(dataDir)
      const port = await freePort()
      const url = `http://127.0.0.1:${port}`
      const env = { LAKE_DATA_DIR: dataDir, LAKE_TOKENS: `${TOKEN}:editor`, LAKE_DEV_IDENTITY: '0' }
      const first = new LakeProcess({ ...env, LAKE_PORT: String(port) })
      const started = first.start().catch(() => undefined)
      const statuses = new Map<number, number>()
      let stop = false
      const load = hammer(url, () => stop, statuses)
      // Kill at a random moment once the port answers, while /health still says "starting".
      const deadline = Date.now() + 30_000
      while (statuses.size === 0 && !(await healthy(url))) {
        if (Date.now() > deadline) throw new Error(`the lake in ${dataDir} never answered on ${url}`)
        await sleep(5)
      }
      await sleep(Math.random() * 600)
      const killedBeforeReady = !(await healthy(url))
      await first.kill('SIGKILL')
      stop = true
      await Promise.all([load, started])
      if (killedBeforeReady) {
        interrupted++
        // During start-up the dataset is never half there: it answers 503, never a count.
        expect([...statuses.keys()].filter((status) => status !== 503)).toEqual([])
        expect(existsSync(join(dataDir, 'datasets.json'))).toBe(false)
      }

      const second = new LakeProcess(env)
      const client = processClient(await second.start(), TOKEN)
      try {
        expect(await client.fetch('count(*[_type == "article"])')).toBe(1)
        expect(await client.fetch('count(*[_id == "article-alec-baldwin-hilaria"][0].slides)')).toBe(43)
        const registry = JSON.parse(readFileSync(join(dataDir, 'datasets.json'), 'utf8'))
        expect(registry.datasets.map((dataset: { name: string }) => dataset.name)).toEqual(['production'])
      } finally {
        await second.kill()
      }
    }
    // The random kill lands while seeding in most rounds; a run where none did proved nothing.
    expect(interrupted).toBeGreaterThan(0)
    // Eight lake starts, four of them seeding the story whole: 97 s and 120 s in two clean-clone
    // runs with the browser suites beside it. Five minutes fails a hung start, not a slow machine.
  }, 300_000)
})
