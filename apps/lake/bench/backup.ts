// Backup benchmark (not a test): how long a backup and a restore take and how big a backup is,
// for the seeded Baldwin story and for 10,000 generated documents, and what backups do to
// writers: 8 writers' latency while backups run back to back (in the lake's own process, as the
// schedule runs them, and as `npm run lake -- backup` in a process of its own), next to the
// same writers with no backup, in the same run: the three kinds of series take turns, ROUNDS
// times, so drift on a shared machine falls on each alike. Writes bench/results/backup.json.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { restoreBackup } from '../src/backup/restoreBackup.ts'
import { takeBackup } from '../src/backup/takeBackup.ts'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'
import { percentile } from './benchLake.ts'
import { batchesUnder, generate } from './queryDataset.ts'

const WRITERS = 8
const SECONDS = Number(process.env.BENCH_BACKUP_WRITE_SECONDS ?? 2)
const ROUNDS = 3
const RUNS = 3
const CLI = join(import.meta.dirname, '../src/cli.ts')
const work = mkdtempSync(join(tmpdir(), 'lake-bench-backup-'))

interface Sizes {
  name: string
  documents: number
  /** Median of RUNS backups of the idle lake, and of RUNS restores of one of them. */
  backupSeconds: number
  restoreSeconds: number
  /** The backup folder on disk (data and manifest), and its files. */
  backupBytes: number
  files: number
}

interface Series {
  writes: number
  perSecond: number
  latencyMs: { p50: number; p95: number; p99: number }
  /** Backups completed during the series. */
  backups: number
}

interface Samples {
  latencies: number[]
  backups: number
}

const median = (values: number[]) => percentile(values, 50)

function folderBytes(folder: string): number {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0)
}

/** An in-process lake in a fresh data dir: seeded with the story, or filled with `documents` generated ones. */
async function lake(name: string, fill: { seed: true } | { documents: number }) {
  const dataDir = join(work, name)
  const running = await startLake(
    loadConfig({}, { dataDir, port: 0, tlsPort: 0, seed: 'seed' in fill, webhooks: [], devIdentity: true }),
    () => {},
  )
  if ('documents' in fill) {
    for (const batch of batchesUnder(generate(fill.documents), 4 * 1024 * 1024)) {
      const response = await fetch(`${running.httpUrl}/v2025-02-19/data/mutate/production`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: batch.map((doc) => ({ create: doc })) }),
      })
      if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`)
    }
  }
  const documents = running.lake.dataset('production').storage.size
  return { dataDir, running, documents }
}

async function sizes(name: string, dataDir: string, documents: number): Promise<Sizes> {
  const backups: number[] = []
  const restores: number[] = []
  let backupBytes = 0
  let files = 0
  for (let run = 0; run < RUNS; run++) {
    const folder = join(work, `backups-${run}`)
    const backup = await takeBackup(dataDir, folder)
    backups.push(backup.seconds)
    backupBytes = folderBytes(backup.path)
    files = backup.manifest.files.length
    restores.push((await restoreBackup(backup.path, join(work, `restored-${run}`))).seconds)
    rmSync(folder, { recursive: true, force: true })
    rmSync(join(work, `restored-${run}`), { recursive: true, force: true })
  }
  return {
    name,
    documents,
    backupSeconds: median(backups),
    restoreSeconds: median(restores),
    backupBytes,
    files,
  }
}

/**
 * WRITERS writers, each sending a one-document mutation once its last is acknowledged, for
 * SECONDS; `beside` runs meanwhile (backups back to back) until the time is up.
 */
async function writeSeries(
  url: string,
  label: string,
  beside: (running: () => boolean) => Promise<number> = async () => 0,
): Promise<Samples> {
  const latencies: number[] = []
  const deadline = performance.now() + SECONDS * 1000
  const running = () => performance.now() < deadline
  const writer = async (writer: number) => {
    for (let n = 0; running(); n++) {
      const started = performance.now()
      const response = await fetch(`${url}/v2025-02-19/data/mutate/production`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          mutations: [{ create: { _id: `${label}-${writer}-${n}`, _type: 'write', n } }],
        }),
      })
      await response.arrayBuffer()
      if (!response.ok) throw new Error(`write failed: ${response.status}`)
      latencies.push(performance.now() - started)
    }
  }
  const [backups] = await Promise.all([
    beside(running),
    ...Array.from({ length: WRITERS }, (_, index) => writer(index)),
  ])
  return { latencies, backups }
}

/** The rounds of one kind of series, pooled. */
function pooled(rounds: Samples[]): Series {
  const latencies = rounds.flatMap((round) => round.latencies)
  return {
    writes: latencies.length,
    perSecond: latencies.length / (SECONDS * rounds.length),
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
    },
    backups: rounds.reduce((sum, round) => sum + round.backups, 0),
  }
}

/** Backups back to back while `running`, each removed once complete; how many completed. */
async function backToBack(
  running: () => boolean,
  backUp: (folder: string) => Promise<void>,
): Promise<number> {
  let count = 0
  while (running()) {
    const folder = join(work, `during-${count}`)
    await backUp(folder)
    rmSync(folder, { recursive: true, force: true })
    count++
  }
  return count
}

try {
  const story = await lake('story', { seed: true })
  const results: Sizes[] = [await sizes('the Baldwin story (seeded)', story.dataDir, story.documents)]
  await story.running.close()
  console.log(`story: ${JSON.stringify(results[0])}`)

  const large = await lake('large', { documents: 10_000 })
  results.push(await sizes('10,000 generated documents', large.dataDir, large.documents))
  console.log(`10k: ${JSON.stringify(results[1])}`)

  const url = large.running.httpUrl
  const inLake = (running: () => boolean) =>
    backToBack(running, async (folder) => {
      await takeBackup(large.dataDir, folder)
    })
  const beside = (running: () => boolean) =>
    backToBack(running, async (folder) => {
      await promisify(execFile)(process.execPath, [CLI, 'backup', folder, '--data-dir', large.dataDir], {
        env: { ...process.env, LAKE_BACKUP_DIR: '' },
      })
    })
  const rounds = { without: [] as Samples[], inProcess: [] as Samples[], separate: [] as Samples[] }
  for (let round = 0; round < ROUNDS; round++) {
    rounds.without.push(await writeSeries(url, `without-${round}`))
    rounds.inProcess.push(await writeSeries(url, `in-process-${round}`, inLake))
    rounds.separate.push(await writeSeries(url, `separate-${round}`, beside))
  }
  await large.running.close()
  const without = pooled(rounds.without)
  const inProcess = pooled(rounds.inProcess)
  const separate = pooled(rounds.separate)
  const writes = {
    writers: WRITERS,
    seconds: SECONDS,
    rounds: ROUNDS,
    without,
    inProcess,
    separate,
    inProcessP95Ratio: inProcess.latencyMs.p95 / without.latencyMs.p95,
    separateP95Ratio: separate.latencyMs.p95 / without.latencyMs.p95,
  }
  for (const [name, series] of Object.entries({ without, inProcess, separate }))
    console.log(
      `${name.padEnd(10)} ${series.perSecond.toFixed(0)} writes/s, p50 ${series.latencyMs.p50.toFixed(2)} ms, p95 ${series.latencyMs.p95.toFixed(2)} ms, ${series.backups} backups`,
    )
  console.log(
    `write p95 during backups / without: in the lake's process ${writes.inProcessP95Ratio.toFixed(2)}x, as npm run lake -- backup ${writes.separateP95Ratio.toFixed(2)}x`,
  )
  const resultsDir = join(import.meta.dirname, 'results')
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(
    join(resultsDir, 'backup.json'),
    `${JSON.stringify({ when: new Date().toISOString(), node: process.version, runs: RUNS, datasets: results, writes }, null, 2)}\n`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
