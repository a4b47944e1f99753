import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const BENCH_DIR = join(REPO_ROOT, 'bench')
/** Everything a run writes besides the report: git-ignored (`bench/tmp/` in .gitignore). */
export const TMP_DIR = join(BENCH_DIR, 'tmp')
export const WEB_DIR = join(REPO_ROOT, 'apps/web')
export const LAKE_DIR = join(REPO_ROOT, 'apps/lake')
export const DEPLOY_DIR = join(REPO_ROOT, 'deploy')

const require = createRequire(join(WEB_DIR, 'package.json'))
export const NEXT_BIN = require.resolve('next/dist/bin/next')

/** A package's version as `from` resolves it (through its package.json, or up from its entry point). */
export function packageVersion(name: string, from = WEB_DIR): string | undefined {
  const requireFrom = createRequire(join(from, 'package.json'))
  try {
    return (requireFrom(`${name}/package.json`) as { version: string }).version
  } catch {
    // Packages whose "exports" hide package.json: walk up from the entry point.
  }
  try {
    let dir = dirname(requireFrom.resolve(name))
    while (dir !== dirname(dir)) {
      const file = join(dir, 'package.json')
      if (existsSync(file)) {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
        if (json.name === name) return json.version
      }
      dir = dirname(dir)
    }
  } catch {
    // Not installed.
  }
  return undefined
}
