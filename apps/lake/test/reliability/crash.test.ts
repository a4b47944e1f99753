import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LakeProcess, processClient } from './lakeProcess.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'lake-crash-'))
const TOKEN = 'crash-token'
const lake = new LakeProcess({
  LAKE_DATA_DIR: dataDir,
  LAKE_TOKENS: `${TOKEN}:editor`,
  LAKE_DEV_IDENTITY: '0',
})
const KILLS = 6

afterAll(async () => {
  await lake.kill()
  rmSync(dataDir, { recursive: true, force: true })
})

const clientFor = (url: string) => processClient(url, TOKEN)

describe('crash safety (promise: an acknowledged transaction survives SIGKILL, whole)', () => {
  it(`keeps every acknowledged transaction across ${KILLS} SIGKILLs at random points, none half-applied`, async () => {
    const acknowledged: number[] = []
    let attempted = 0
    for (let round = 0; round < KILLS; round++) {
      const client = clientFor(await lake.start())
      // Writers run flat out; the kill lands at a random moment, usually mid-request.
      const stop = Date.now() + 150 + Math.random() * 350
      const writers = Array.from({ length: 4 }, async () => {
        while (Date.now() < stop + 1000) {
          const n = attempted++
          try {
            await client
              .transaction()
              .create({ _id: `crash-${n}-a`, _type: 'crashPair', n })
              .create({ _id: `crash-${n}-b`, _type: 'crashPair', n })
              .commit({ visibility: 'sync' })
            acknowledged.push(n)
          } catch {
            return
          }
        }
      })
      await new Promise((resolve) => setTimeout(resolve, stop - Date.now()))
      await lake.kill('SIGKILL')
      await Promise.all(writers)
    }

    const client = clientFor(await lake.start())
    const present = await client.fetch<Array<{ _id: string; n: number }>>('*[_type == "crashPair"]{_id, n}')
    await lake.kill('SIGTERM')
    const byPair = new Map<number, number>()
    for (const doc of present) byPair.set(doc.n, (byPair.get(doc.n) ?? 0) + 1)
    const missing = acknowledged.filter((n) => byPair.get(n) !== 2)
    const halves = [...byPair.entries()].filter(([, count]) => count !== 2)

    const report = {
      kills: KILLS,
      attempted,
      acknowledged: acknowledged.length,
      presentPairs: [...byPair.values()].filter((count) => count === 2).length,
      missingAcknowledged: missing.length,
      halfApplied: halves.length,
    }
    console.log(`crash safety: ${JSON.stringify(report)}`)
    mkdirSync('test-results', { recursive: true })
    writeFileSync('test-results/crash-safety.txt', `${JSON.stringify(report, null, 2)}\n`)
    expect(acknowledged.length).toBeGreaterThan(KILLS)
    expect(missing).toEqual([])
    expect(halves).toEqual([])
  }, 120_000)
})
