// Lake write benchmark (not a test): durable mutations per second with 1, 8 and 32 concurrent
// writers through the HTTP API (each write a one-document transaction, acknowledged once on
// disk), next to bare SQLite doing the same number of writers' writes: one committed transaction
// per write, the same pragmas, no HTTP and no lake. Writes bench/results/writes.json.
//
// The writers run in a worker thread (writers.ts), as a lake's clients run in processes of their
// own: on the lake's thread, the HTTP client's own work was half of what the bench charged to the
// lake. `lakeCpuUsPerWrite` is the lake thread's CPU time per write.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'
import type { WritersTask } from './writers.ts'

const WRITERS = (process.env.BENCH_WRITERS ?? '1,8,32').split(',').map(Number)
const SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 3)

interface Series {
  writes: number
  perSecond: number
  latencyMs: { p50: number; p99: number }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function series(latencies: number[]): Series {
  return {
    writes: latencies.length,
    perSecond: latencies.length / SECONDS,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
  }
}

/** `writers` loops at once, each writing and waiting for the acknowledgement until the time is up. */
async function run(writers: number, write: (writer: number, n: number) => Promise<void>): Promise<Series> {
  const latencies: number[] = []
  const deadline = performance.now() + SECONDS * 1000
  const loop = async (writer: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const started = performance.now()
      await write(writer, n)
      latencies.push(performance.now() - started)
    }
  }
  await Promise.all(Array.from({ length: writers }, (_, writer) => loop(writer)))
  return series(latencies)
}

/** The writers' latencies, from their worker thread. */
function runWriters(task: WritersTask): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./writers.ts', import.meta.url), { workerData: task })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the writers stopped (exit code ${code})`)))
  })
}

async function lakeSeries(writers: number): Promise<Series & { lakeCpuUsPerWrite: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-writes-'))
  const running = await startLake(
    loadConfig({}, { dataDir, port: 0, tlsPort: 0, seed: false, webhooks: [], devIdentity: true }),
    () => {},
  )
  try {
    const url = `${running.httpUrl}/v2025-02-19/data/mutate/production`
    const cpu = process.threadCpuUsage()
    const latencies = await runWriters({ url, writers, seconds: SECONDS })
    const { user, system } = process.threadCpuUsage(cpu)
    return { ...series(latencies), lakeCpuUsPerWrite: (user + system) / latencies.length }
  } finally {
    await running.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The limit without grouping: every write its own SQLite transaction, so writers only take turns. */
async function sqliteSeries(writers: number): Promise<Series> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-sqlite-'))
  const db = new DatabaseSync(join(dataDir, 'baseline.sqlite'))
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT)',
  )
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)')
  try {
    return await run(writers, async (writer, n) => {
      const id = `w-${writer}-${n}`
      db.exec('BEGIN IMMEDIATE')
      insert.run(id, JSON.stringify({ _id: id, _type: 'write', n }))
      db.exec('COMMIT')
      // The other writers get their turn, as requests would.
      await yieldToLoop()
    })
  } finally {
    db.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const rows = []
for (const writers of WRITERS) {
  const lake = await lakeSeries(writers)
  const sqlite = await sqliteSeries(writers)
  const row = { writers, lake, sqlite, ratio: lake.perSecond / sqlite.perSecond }
  rows.push(row)
  console.log(
    `${String(writers).padStart(3)} writers  lake ${lake.perSecond.toFixed(0)}/s (p50 ${lake.latencyMs.p50.toFixed(2)} ms, p99 ${lake.latencyMs.p99.toFixed(2)} ms, ${lake.lakeCpuUsPerWrite.toFixed(0)} µs CPU/write) | bare SQLite ${sqlite.perSecond.toFixed(0)}/s | ${row.ratio.toFixed(2)}x`,
  )
}
const resultsDir = join(import.meta.dirname, 'results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  join(resultsDir, 'writes.json'),
  `${JSON.stringify({ when: new Date().toISOString(), node: process.version, seconds: SECONDS, rows }, null, 2)}\n`,
)
