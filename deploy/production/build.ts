// `npm run build`: with `.env.production`, the site (`next build`) and the Studio (`sanity build`,
// static files) for the names it sets, which both write into their output; without it, the
// workspaces' own builds for this machine's local lake, as before.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, join } from 'node:path'
import { STUDIO_DIR, WEB_DIR } from './builds.ts'
import { checkReadyToServe, settingsOrExit } from './preflight.ts'
import { siteBuildEnv, studioBuildEnv } from './processEnv.ts'
import { envFilePath, REPO_ROOT } from './settings.ts'

const COMMAND = 'npm run build'
const SANITY_BIN = join(
  createRequire(join(STUDIO_DIR, 'package.json')).resolve('sanity/package.json'),
  '..',
  'bin',
  'sanity',
)

function run(what: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  console.log(`build: ${what}`)
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`build: ${what} failed (${result.status ?? result.signal})`)
    process.exit(1)
  }
}

function localBuild(): void {
  console.log(
    `build: no ${envFilePath()}, so this builds the site and the Studio for this machine's local lake (npm run dev's addresses); for a server, see README "Self-hosting on one server"`,
  )
  const turbo = spawnSync('npx', ['turbo', 'run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
  process.exit(turbo.status ?? 1)
}

function productionBuild(): void {
  const settings = settingsOrExit(COMMAND)
  const base = {
    ...process.env,
    // apps/web's build script runs `next` by name, as `npm run` would find it.
    PATH: [join(REPO_ROOT, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
    NEXT_TELEMETRY_DISABLED: '1',
    SANITY_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
  }
  run(
    `the site for ${settings.siteUrl} (next build, against the lake at http://127.0.0.1:${settings.ports.lake})`,
    [join(WEB_DIR, 'scripts', 'build.ts')],
    WEB_DIR,
    { ...base, ...siteBuildEnv(settings) },
  )
  run(
    `the Studio for ${settings.studioUrl}, calling ${settings.lakeUrl} (sanity build into ${settings.studioDist})`,
    [SANITY_BIN, 'build', settings.studioDist, '--yes'],
    STUDIO_DIR,
    { ...base, ...studioBuildEnv(settings) },
  )
  checkReadyToServe(COMMAND, settings, false)
  console.log('build: done; `npm start` (or the systemd units) serves it')
}

if (existsSync(envFilePath())) productionBuild()
else localBuild()
