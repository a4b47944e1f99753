import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SanityClient } from '@sanity/client'
import { afterAll, describe, expect, it } from 'vitest'
import {
  contendedCounter,
  documentActions,
  revisionPatches,
  trioTransactions,
  type Workload,
} from './crashWorkloads.ts'
import { LakeProcess, processClient } from './lakeProcess.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'lake-crash-'))
const TOKEN = 'crash-suite-editor-token-0123456789abcdef'
const lake = new LakeProcess({
  LAKE_DATA_DIR: dataDir,
  LAKE_TOKENS: `${TOKEN}:editor`,
  LAKE_DEV_IDENTITY: '0',
})
const KILLS = 12
const WRITERS_PER_WORKLOAD = 2

afterAll(async () => {
  await lake.kill()
  rmSync(dataDir, { recursive: true, force: true })
})

const clientFor = (url: string) => processClient(url, TOKEN)

/** All writers of every workload at once; the kill lands at a random moment inside the burst. */
async function burstThenKill(client: SanityClient, workloads: Workload[]): Promise<void> {
  let running = true
  const writers = workloads.flatMap((workload) =>
    Array.from({ length: WRITERS_PER_WORKLOAD }, () => workload.write(client, () => running)),
  )
  await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 500))
  await lake.kill('SIGKILL')
  running = false
  await Promise.all(writers)
}

async function violations(client: SanityClient, workloads: Workload[], round: number): Promise<string[]> {
  const found = await Promise.all(workloads.map((workload) => workload.check(client)))
  return found.flatMap((problems, index) =>
    problems.map((problem) => `after kill ${round}, ${workloads[index]?.name}: ${problem}`),
  )
}

describe('crash safety (promise: an acknowledged transaction survives SIGKILL, whole)', () => {
  it(`concurrent writers and actions keep every acknowledged write across ${KILLS} SIGKILLs, none half-applied`, async () => {
    const workloads = [trioTransactions(), contendedCounter(), revisionPatches(), documentActions()]
    const problems: string[] = []
    let client = clientFor(await lake.start())
    for (const workload of workloads) await workload.setup(client)
    for (let round = 1; round <= KILLS; round++) {
      await burstThenKill(client, workloads)
      client = clientFor(await lake.start())
      problems.push(...(await violations(client, workloads, round)))
    }
    await lake.kill('SIGTERM')

    const report = {
      kills: KILLS,
      writers: workloads.length * WRITERS_PER_WORKLOAD,
      attempted: workloads.reduce((sum, workload) => sum + workload.attempted, 0),
      acknowledged: workloads.reduce((sum, workload) => sum + workload.acknowledged, 0),
      workloads: Object.fromEntries(
        workloads.map((workload) => [
          workload.name,
          { attempted: workload.attempted, acknowledged: workload.acknowledged, refused: workload.refused },
        ]),
      ),
      violations: problems.length,
    }
    console.log(`crash safety: ${JSON.stringify(report)}`)
    mkdirSync('test-results', { recursive: true })
    writeFileSync('test-results/crash-safety.txt', `${JSON.stringify(report, null, 2)}\n`)
    for (const workload of workloads) expect(workload.acknowledged, workload.name).toBeGreaterThan(KILLS)
    expect(problems).toEqual([])
  }, 110_000)
})
