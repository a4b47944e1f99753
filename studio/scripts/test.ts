// `npm test` in studio/: the unit tests, then the end-to-end suite in Chromium. Both run even if
// the first fails, so each writes its JSON report and the root summary counts every test.
import { spawnSync } from 'node:child_process'

const run = (script: string) => spawnSync('npm', ['run', script], { stdio: 'inherit' }).status === 0

const unit = run('test:unit')
const e2e = run('test:e2e')
process.exit(unit && e2e ? 0 : 1)
