// `npm run sanity -- <args>`: the Studio's own Sanity CLI (studio/'s `sanity`, not a
// re-implementation), run in studio/ against the content source the Studio uses. On a hosted
// project that is the CLI as Sanity ships it. On the lake this supplies what the CLI needs
// (DESIGN.md, "The real Sanity CLI against the lake"):
// - SANITY_INTERNAL_ENV=<the Studio's API host>: any value but staging/production is the API
//   host, and the project client calls https://<projectId>.localhost:<LAKE_TLS_PORT>;
// - scripts/localhostDns.ts, preloaded, so Node resolves *.localhost to loopback;
// - NODE_EXTRA_CA_CERTS=<data dir>/tls/ca.crt, the lake's own CA (with any CA already set there);
// - SANITY_AUTH_TOKEN=<the data dir's cliToken>, which the lake takes as an administrator.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../apps/lake/src/config.ts'
import { extraCaCerts } from '../apps/lake/src/exec/caBundle.ts'
import { isPortTaken } from '../apps/lake/src/portHolder.ts'
import { ensureSecrets, secretsFile } from '../apps/lake/src/secrets/dataDirSecrets.ts'
import { studioEnvFromNode } from '../studio/env.ts'

const root = resolve(import.meta.dirname, '..')
const studioDir = join(root, 'studio')

/** The `sanity` binary the Studio depends on, resolved from studio/ as `npx sanity` there would. */
function sanityBin(): string {
  const manifest = createRequire(join(studioDir, 'package.json')).resolve('sanity/package.json')
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { sanity: string } }
  return join(dirname(manifest), bin.sanity)
}

// File names among the arguments, by the extensions the CLI's commands read and write.
const FILE_NAME = /\.(ndjson|tar\.gz|tgz|gz|json|[cm]?[jt]sx?)$/i

/**
 * The CLI runs in studio/ (it looks for sanity.cli.ts from its working directory), but paths on
 * the command line mean the folder the command was typed in (npm keeps it in INIT_CWD). An
 * argument is taken for a path when it looks like one (it has a `/`, or is a file name, see
 * FILE_NAME) and it, or the folder it would go in, exists; command words, ids, queries and
 * dataset names are left alone. Paths are handed over relative to studio/, because some
 * commands join them to the project folder even when absolute (`schema extract --path`).
 */
export function fromCaller(arg: string, callerDir: string, cliDir = studioDir): string {
  const option = /^(--[\w-]+=)(.+)$/.exec(arg)
  if (option) return `${option[1]}${fromCaller(option[2] ?? '', callerDir, cliDir)}`
  const looksLikePath = /^[\w.@~/+-]+$/.test(arg) && (arg.includes('/') || FILE_NAME.test(arg))
  if (!looksLikePath || arg.startsWith('-')) return arg
  const path = resolve(callerDir, arg)
  if (!existsSync(path) && !existsSync(dirname(path))) return arg
  return relative(cliDir, path) || '.'
}

/** What the CLI needs to reach the lake at `apiHost`, from the data dir the lake uses. */
async function lakeEnvironment(apiHost: string): Promise<NodeJS.ProcessEnv> {
  const { dataDir, tlsPort } = loadConfig(process.env)
  const env: NodeJS.ProcessEnv = {
    SANITY_INTERNAL_ENV: apiHost,
    NODE_OPTIONS: [
      process.env.NODE_OPTIONS,
      `--import=${pathToFileURL(join(import.meta.dirname, 'localhostDns.ts'))}`,
    ]
      .filter(Boolean)
      .join(' '),
  }
  const caFile = join(dataDir, 'tls', 'ca.crt')
  if (existsSync(caFile))
    env.NODE_EXTRA_CA_CERTS = extraCaCerts(caFile, process.env.NODE_EXTRA_CA_CERTS, 'cli-ca-bundle.crt')
  // A data dir the lake never started in has no secrets to read; it makes them on first start.
  if (existsSync(secretsFile(dataDir)))
    env.SANITY_AUTH_TOKEN = process.env.SANITY_AUTH_TOKEN || ensureSecrets(dataDir).cliToken
  if (!(await isPortTaken(tlsPort))) {
    console.error(
      `sanity: no lake is listening at ${apiHost} (data dir ${dataDir}); commands that read or write content need one: npm run dev, or npm run lake`,
    )
  }
  return env
}

async function main(): Promise<number> {
  const studio = studioEnvFromNode(process.env)
  const apiHost = studio.workspaceOverrides.apiHost
  const callerDir = process.env.INIT_CWD ?? process.cwd()
  const args = process.argv.slice(2).map((arg) => fromCaller(arg, callerDir))
  const child = spawn(process.execPath, [sanityBin(), ...args], {
    cwd: studioDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      SANITY_TELEMETRY_DISABLED: '1',
      ...(studio.onLake && apiHost ? await lakeEnvironment(apiHost) : {}),
    },
  })
  // Ctrl-C reaches the CLI from the terminal directly; wait for it to finish.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`sanity: ${(error as Error).message}`)
      process.exit(1)
    },
  )
}
