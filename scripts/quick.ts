// `npm run quick -- <workspace>`: the day-to-day loop for one workspace, in a few minutes: Biome on
// its folder, its typecheck, then its unit and contract tests, without the end-to-end suites
// (they build the site and the Studio and drive Chromium: `npm test` runs them). Stops at the
// first step that fails, and says which.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')

/** Where each workspace lives, and what its quick tests are (end-to-end and crash loops left out). */
const WORKSPACES: Record<string, { dir: string; tests: string[] }> = {
  lake: { dir: 'apps/lake', tests: ['vitest', 'run', '--exclude', 'test/reliability/**'] },
  web: { dir: 'apps/web', tests: ['vitest', 'run'] },
  studio: { dir: 'studio', tests: ['vitest', 'run'] },
  schema: { dir: 'packages/schema', tests: ['vitest', 'run'] },
  dataset: { dir: 'packages/dataset', tests: ['vitest', 'run'] },
  sanity: { dir: 'packages/sanity', tests: ['vitest', 'run'] },
  testkit: { dir: 'packages/testkit', tests: ['vitest', 'run'] },
  deploy: { dir: 'deploy', tests: ['vitest', 'run', '--exclude', 'test/production.test.ts'] },
}

const name = process.argv[2] ?? ''
const workspace = WORKSPACES[name]
if (!workspace) {
  console.error(`Usage: npm run quick -- <${Object.keys(WORKSPACES).join('|')}>`)
  process.exit(2)
}
const dir = join(root, workspace.dir)
const packageName = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name

const steps: Array<[string, string[], string]> = [
  ['lint', ['biome', 'check', workspace.dir], root],
  ['typecheck', ['npm', 'run', 'typecheck', '-w', packageName], root],
  ['tests', workspace.tests, dir],
]
for (const [label, [command = '', ...args], cwd] of steps) {
  if (label === 'tests' && !existsSync(join(dir, 'test'))) continue
  console.log(`\n== ${name} ${label}: ${command} ${args.join(' ')}`)
  const runner = command === 'npm' ? 'npm' : 'npx'
  const result = spawnSync(runner, runner === 'npm' ? args : [command, ...args], { cwd, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`\nquick: ${name} ${label} failed`)
    process.exit(1)
  }
}
console.log(`\nquick: ${name} lint, typecheck and tests passed (end-to-end suites: npm test)`)
