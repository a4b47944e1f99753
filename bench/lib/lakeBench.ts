// The lake's own benchmarks (apps/lake/bench), run through their npm scripts; their JSON results
// are copied into this report as they are.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { LAKE_DIR, REPO_ROOT } from './paths.ts'
import { runToEnd, tail } from './proc.ts'

export interface LakeBenchRun<T> {
  script: string
  seconds: number
  result: T
}

export async function runLakeBench<T>(
  script: 'bench' | 'bench:images' | 'bench:writes' | 'bench:search' | 'bench:backup',
  resultFile: string,
  log: string,
  env: NodeJS.ProcessEnv = {},
): Promise<LakeBenchRun<T>> {
  const file = join(LAKE_DIR, 'bench/results', resultFile)
  const before = existsSync(file) ? statSync(file).mtimeMs : 0
  const { code, seconds } = await runToEnd(
    `lake ${script}`,
    'npm',
    ['run', script, '-w', '@slideshow/lake'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      log,
      timeoutMs: 15 * 60_000,
    },
  )
  if (code !== 0) throw new Error(`npm run ${script} -w @slideshow/lake failed (${code}):\n${tail(log)}`)
  if (!existsSync(file) || statSync(file).mtimeMs === before) throw new Error(`${file} was not written`)
  return { script, seconds, result: JSON.parse(readFileSync(file, 'utf8')) as T }
}

export interface QueryBench {
  queries: Array<{
    /** `article` (the story's query) or `ids50` (`*[_id in $ids]` with 50 ids). */
    query: string
    documents: number
    iterations: number
    httpMs: { p50: number; p99: number }
    rawGroqJsMs: { p50: number; p99: number }
    ratioP50: number
  }>
}

interface Percentiles {
  p50: number
  p99: number
}

/** apps/lake/bench/search.ts: the Studio's default search (text::query) next to the legacy match query. */
export interface SearchBench {
  textQuery: string
  results: Array<{
    documents: number
    iterations: number
    lakeTextQueryMs: Percentiles
    lakeLegacyMs: Percentiles
    rawGroqJsLegacyMs: Percentiles
    textQueryOverRawP50: number
  }>
}

interface WriteSeries {
  writes: number
  perSecond: number
  latencyMs: { p50: number; p99: number }
}

/** apps/lake/bench/writes.ts: durable one-document writes per second at each number of concurrent writers. */
export interface WritesBench {
  seconds: number
  rows: Array<{ writers: number; lake: WriteSeries; sqlite: WriteSeries; ratio: number }>
}

export interface ImagesBench {
  source: { width: number; height: number; format: string }
  results: Array<{
    transform: string
    samples: number
    cachedRequests: number
    variantBytesMean: number
    p50Ms: { lakeFirst: number; lakeCached: number; sharpAlone: number }
    firstOverSharp: number
    cachedOverSharp: number
  }>
}

interface BackupWriteSeries {
  writes: number
  perSecond: number
  latencyMs: { p50: number; p95: number; p99: number }
  backups: number
}

/** apps/lake/bench/backup.ts: backup and restore time and size; writers' latency during backups vs without. */
export interface BackupBench {
  runs: number
  datasets: Array<{
    name: string
    documents: number
    backupSeconds: number
    restoreSeconds: number
    backupBytes: number
    files: number
  }>
  writes: {
    writers: number
    /** Each series lasts this long; the three kinds take turns, `rounds` times, pooled per kind. */
    seconds: number
    rounds: number
    without: BackupWriteSeries
    inProcess: BackupWriteSeries
    separate: BackupWriteSeries
    inProcessP95Ratio: number
    separateP95Ratio: number
  }
}
