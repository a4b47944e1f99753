// `npm run build` in apps/web: `next build`, which renders every page from the content source.
// Against the local lake, when no lake answers, it starts one for the length of the build (on the
// configured port, with the default data dir, seeding it if new), so a fresh clone builds offline
// with no second terminal. A hosted project is built against as it is.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { resolveSanityEnv } from '@slideshow/sanity/env'

const LAKE_CLI = join(import.meta.dirname, '../../lake/src/cli.ts')

async function answers(apiHost: string): Promise<boolean> {
  try {
    return (await fetch(`${apiHost}/health`, { signal: AbortSignal.timeout(2000) })).ok
  } catch {
    return false
  }
}

async function startLake(apiHost: string): Promise<ChildProcess> {
  const lake = spawn(process.execPath, [LAKE_CLI, 'serve'], {
    env: { ...process.env, LAKE_PORT: new URL(apiHost).port || '80', LAKE_WEBHOOKS: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const deadline = Date.now() + 60_000
  while (!(await answers(apiHost))) {
    if (lake.exitCode !== null || Date.now() > deadline) throw new Error('the local lake did not start')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return lake
}

const sanity = resolveSanityEnv(process.env)
const lake = sanity.onLake && !(await answers(sanity.apiHost)) ? await startLake(sanity.apiHost) : undefined
if (lake) console.log(`build: started the local lake at ${sanity.apiHost} for this build`)
const build = spawnSync('next', ['build'], { stdio: 'inherit' })
lake?.kill('SIGTERM')
process.exit(build.status ?? 1)
