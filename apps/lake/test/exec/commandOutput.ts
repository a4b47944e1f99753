import { spawn } from 'node:child_process'

/** Runs a command to its end; its exit code and everything it printed, stdout and stderr as they came. */
export function commandOutput(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options)
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code: code ?? 1, output }))
  })
}

/** The exec probe's one JSON line (fixtures/execProbe); the lake it ran beside logs around it (its stop, last). */
export function probeReport(output: string): Record<string, string> {
  return JSON.parse(output.split('\n').findLast((line) => line.startsWith('{')) ?? '{}') as Record<
    string,
    string
  >
}
