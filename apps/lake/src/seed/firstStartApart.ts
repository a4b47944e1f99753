import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Lake } from '../lake.ts'
import { prepareFirstStart } from './seedIfEmpty.ts'

const CHILD = new URL('./firstStartProcess.ts', import.meta.url)

/**
 * `prepareFirstStart`, with the seeding done in a child process. Seeding decodes every photo of
 * the story with sharp; in the lake's own process that left some 60 MB the allocator never gave
 * back, for as long as the lake ran. The child writes the dataset and the registry and exits;
 * the lake then reads the registry again. Its output lines go to `log`.
 */
export async function prepareFirstStartApart(lake: Lake, log: (line: string) => void): Promise<void> {
  const { seed, seedDataset } = lake.config
  if (!seed || !seedDataset || lake.registry.initialized) return prepareFirstStart(lake, log)
  const child = spawn(process.execPath, [CHILD.pathname], { stdio: ['pipe', 'pipe', 'pipe'] })
  const errors: string[] = []
  createInterface({ input: child.stdout }).on('line', log)
  createInterface({ input: child.stderr }).on('line', (line) => errors.push(line))
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  child.stdin.end(JSON.stringify({ config: lake.config, publicOrigin: lake.publicOrigin }))
  const code = await exited
  if (code !== 0) throw new Error(`lake: seeding the first dataset failed:\n${errors.slice(-20).join('\n')}`)
  lake.registry.reload()
}
