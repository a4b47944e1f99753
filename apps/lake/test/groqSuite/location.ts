import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const REPO_ROOT = resolve(import.meta.dirname, '../../../..')

/**
 * Where the official GROQ test suite is checked out: `GROQ_TEST_SUITE_DIR` when set (a worktree
 * elsewhere, a suite at another commit), else `<repo>/../shared/groq-test-suite`, where this
 * project's CI keeps it beside the repository. It is read at run time and never copied in.
 * Undefined when neither is there, as in a clone outside that CI; a set variable that names no
 * suite is a mistake, and throws.
 */
export function groqSuiteDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.GROQ_TEST_SUITE_DIR
  if (configured) {
    if (!existsSync(join(configured, 'test'))) {
      throw new Error(`GROQ_TEST_SUITE_DIR=${configured} holds no test/ folder of the GROQ test suite`)
    }
    return configured
  }
  const beside = join(REPO_ROOT, '..', 'shared', 'groq-test-suite')
  return existsSync(join(beside, 'test')) ? beside : undefined
}

/** The suite's commit, from its `COMMIT` file, for the report. */
export function groqSuiteCommit(dir: string): string {
  const file = join(dir, 'COMMIT')
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'unknown'
}
