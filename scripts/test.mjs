// `npm test`: lint, typecheck, every workspace's tests (unit, contract, end-to-end), then one
// summary line "N passed, N failed" adding up every runner's JSON report. A failed lint or
// typecheck counts as one failure, so the summary never reads clean when the run was not.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const workspaces = ['apps', 'packages']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name)))
  .concat(join(root, 'studio'))
  .concat(join(root, 'deploy'))
  .concat(root)

for (const dir of workspaces) rmSync(join(dir, 'test-results'), { recursive: true, force: true })

function run(label, command, args) {
  console.log(`\n== ${label}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  return result.status === 0
}

// The project pins Node 24 as a devDependency so that `npm run` uses it even where the system
// Node is older; if this runs on anything else, the pin is broken and every result is suspect.
const nodeMajor = Number(process.versions.node.split('.')[0])
console.log(`node ${process.version} (${process.execPath})`)
const pinHolds = nodeMajor === 24

const steps = [
  ['lint', 'npx', ['biome', 'check', '.']],
  ['typecheck', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']],
  // bench/ is not a workspace (it drives all of them), so turbo does not see it.
  ['typecheck bench', 'npx', ['tsc', '--noEmit', '-p', 'bench']],
  // Neither is scripts/ (npm run dev, npm run sanity).
  ['typecheck scripts', 'npx', ['tsc', '--noEmit', '-p', 'scripts']],
]
let failedSteps = 0
const stepResults = []
for (const [label, command, args] of steps) {
  const ok = run(label, command, args)
  stepResults.push(`${label} ${ok ? 'ok' : 'FAILED'}`)
  if (!ok) failedSteps++
}

/*
 * The tests run in two lanes side by side: the lake's suite (vitest, mostly waiting on the lakes
 * and CLIs it starts) and the packages' small suites in one, every other workspace one after
 * another in the other (the browser suites, each with its own build, lake and Chromium, which
 * would starve each other if they ran together). Neither lane builds what the other needs: test
 * tasks depend on no build here.
 */
const NODE_SUITES = ['--filter=@slideshow/lake', '--filter=./packages/*']
const lanes = [
  ['tests (lake, packages)', [...NODE_SUITES, '--concurrency=1']],
  [
    'tests (site, Studio, deploy)',
    [...NODE_SUITES.map((filter) => filter.replace('=', '=!')), '--concurrency=1'],
  ],
]
function runLane([label, filters]) {
  const args = ['turbo', 'run', 'test', ...filters, '--output-logs=full']
  console.log(`\n== ${label}: npx ${args.join(' ')}`)
  const lane = spawn('npx', args, { cwd: root, stdio: 'inherit', env: process.env })
  return new Promise((resolve) => lane.on('close', (code) => resolve(code === 0)))
}
const laneResults = await Promise.all(lanes.map(runLane))
for (const [index, [label]] of lanes.entries()) {
  stepResults.push(`${label} ${laneResults[index] ? 'ok' : 'FAILED'}`)
}
const testsStepFailed = laneResults.includes(false)

let passed = 0
let failed = 0
let skipped = 0
const reports = []
for (const dir of workspaces) {
  const resultsDir = join(dir, 'test-results')
  if (!existsSync(resultsDir)) continue
  for (const file of readdirSync(resultsDir).filter((name) => name.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'))
    if (report.stats && 'expected' in report.stats) {
      // Playwright's JSON reporter
      passed += report.stats.expected + (report.stats.flaky ?? 0)
      failed += report.stats.unexpected
      skipped += report.stats.skipped
    } else {
      passed += report.numPassedTests ?? 0
      failed += report.numFailedTests ?? 0
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
      // A suite that failed to load has no failed tests but is still a failure.
      if (report.success === false && (report.numFailedTests ?? 0) === 0) failed += 1
    }
    reports.push(`${join(dir, 'test-results', file).slice(root.length + 1)}`)
  }
}
if (testsStepFailed && failed === 0) failed += 1
failed += failedSteps
if (!pinHolds) {
  stepResults.push(`node pin FAILED (running ${process.version}, expected v24)`)
  failed += 1
}

console.log(`\n${stepResults.join(', ')}; reports: ${reports.join(', ') || 'none'}`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
