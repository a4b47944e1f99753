// slideshow-prepare.service: before the systemd units start, checks `.env.production` and the
// builds as `npm start` does, makes the first start's secrets in the data dir, and writes what
// each unit is told into `<dir>/<unit name>.env` (its EnvironmentFile=): $RUNTIME_DIRECTORY, which
// systemd makes for the unit (/run/slideshow), or the folder given as the argument.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../../apps/lake/src/files/atomicWrite.ts'
import { environmentFile } from './environmentFile.ts'
import { firstStart } from './firstStart.ts'
import { checkReadyToServe, settingsOrExit } from './preflight.ts'
import { cacheEnv, caddyEnv, type Env, lakeEnv, siteEnv } from './processEnv.ts'
import type { ProcessName } from './processes.ts'

const COMMAND = 'slideshow-prepare'

async function main(): Promise<void> {
  const settings = settingsOrExit(COMMAND)
  // The units name Caddy's and Varnish's paths themselves: systemd says so if one is missing.
  checkReadyToServe(COMMAND, settings, false)
  const secrets = await firstStart(settings, console.log)
  const dir = resolve(process.argv[2] ?? process.env.RUNTIME_DIRECTORY ?? '/run/slideshow')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const envs: Record<ProcessName, Env> = {
    lake: lakeEnv(settings),
    site: siteEnv(settings, secrets),
    // slideshow-cache.service starts varnishd as root, which then drops to Debian's varnish users.
    cache: cacheEnv(settings, { jail: true }),
    caddy: caddyEnv(settings),
  }
  for (const [name, env] of Object.entries(envs)) {
    writeFileAtomic(join(dir, `${name}.env`), environmentFile(env))
  }
  console.log(
    `${COMMAND}: wrote ${Object.keys(envs)
      .map((name) => `${name}.env`)
      .join(', ')} into ${dir}`,
  )
}

main().catch((error: unknown) => {
  console.error(`${COMMAND}: ${(error as Error).message}`)
  process.exit(1)
})
