import { type ChildProcess, spawn } from 'node:child_process'
import { REPO_ROOT } from '../src/config.ts'

export interface ScriptResult {
  code: number | null
  stdout: string
  stderr: string
  /** The script was still running at the deadline (and was stopped): e.g. it served instead of exiting. */
  timedOut: boolean
}

/**
 * Runs a root package.json script as a user would (`npm run <script> -- <args>`, from `cwd`,
 * which npm passes on as INIT_CWD). The whole process group is stopped at the deadline, so a
 * command that starts a server instead of doing its job fails the test rather than hanging it.
 */
export function npmScript(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<ScriptResult> {
  const running = startNpmScript(script, args, options)
  let timedOut = false
  const deadline = setTimeout(() => {
    timedOut = true
    running.stop('SIGKILL')
  }, options.timeoutMs ?? 60_000)
  return new Promise((resolve, reject) => {
    running.child.once('error', reject)
    running.child.once('close', (code) => {
      clearTimeout(deadline)
      resolve({ code, stdout: running.stdout(), stderr: running.stderr(), timedOut })
    })
  })
}

export interface RunningScript {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the first match of `pattern` in stdout; rejects if the script exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>
  /** Signals the script's whole process group (npm, sh and node) and waits for npm to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** A root script left running (a server), in its own process group so it can be stopped whole. */
export function startNpmScript(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): RunningScript {
  // --prefix finds the root package.json from any folder, as running npm inside the repo would.
  const child = spawn('npm', ['--prefix', REPO_ROOT, 'run', script, '--', ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk
  })
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout)
          if (!match) return
          child.stdout?.off('data', check)
          resolve(match)
        }
        child.stdout?.on('data', check)
        child.once('close', () =>
          reject(new Error(`exited before printing ${pattern}:\n${stdout}\n${stderr}`)),
        )
        check()
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.pid && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, signal)
        } catch {
          // The group is already gone.
        }
      }
      await exited
    },
  }
}
