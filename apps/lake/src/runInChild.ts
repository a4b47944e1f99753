import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

/**
 * Runs a module of the lake in a child node process: `input` as JSON on its stdin, its output
 * lines to `log`, and an error with the end of its stderr if it fails. For one-off work whose
 * memory the allocator would otherwise keep for as long as the lake runs (seeding, issuing).
 */
export async function runInChild(module: URL, input: unknown, log: (line: string) => void): Promise<void> {
  const child = spawn(process.execPath, [module.pathname], { stdio: ['pipe', 'pipe', 'pipe'] })
  const errors: string[] = []
  createInterface({ input: child.stdout }).on('line', log)
  createInterface({ input: child.stderr }).on('line', (line) => errors.push(line))
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  child.stdin.end(JSON.stringify(input))
  const code = await exited
  if (code !== 0)
    throw new Error(`${module.pathname} failed (exit ${code}):\n${errors.slice(-20).join('\n')}`)
}
