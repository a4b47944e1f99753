// What the query benches share: an in-process lake holding `total` generated documents, gone
// afterwards, the URL of a GET query against it, and the timing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'
import { type BenchDocument, batchesUnder, generate } from './queryDataset.ts'

export async function withGeneratedLake<T>(
  total: number,
  work: (httpUrl: string, docs: BenchDocument[]) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-'))
  const running = await startLake(
    loadConfig({}, { dataDir, port: 0, tlsPort: 0, seed: false, webhooks: [], devIdentity: true }),
    () => {},
  )
  try {
    const docs = generate(total)
    for (const batch of batchesUnder(docs, 4 * 1024 * 1024)) {
      const response = await fetch(`${running.httpUrl}/v2025-02-19/data/mutate/production`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: batch.map((doc) => ({ create: doc })) }),
      })
      if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`)
    }
    return await work(running.httpUrl, docs)
  } finally {
    await running.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export function queryUrl(base: string, query: string, params: Record<string, unknown>): string {
  const search = new URLSearchParams({ query, returnQuery: 'false' })
  for (const [name, value] of Object.entries(params)) search.set(`$${name}`, JSON.stringify(value))
  return `${base}/v2025-02-19/data/query/production?${search}`
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** `iterations` timed runs (ms each) after three untimed ones. */
export async function time(iterations: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let warm = 0; warm < 3; warm++) await run()
  const samples: number[] = []
  for (let index = 0; index < iterations; index++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  return samples
}
