import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '@slideshow/testkit/ports'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandOutput, probeReport } from './exec/commandOutput.ts'

const LAKE_DIR = fileURLToPath(new URL('..', import.meta.url))
const PROBE = fileURLToPath(new URL('./fixtures/execProbe/probe.mjs', import.meta.url))

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return commandOutput(command, args, { cwd, env })
}

/*
 * `npm pack` of apps/lake, installed into another project as a dev dependency and run there with
 * npx, as the README's "Use the lake in your own Sanity project" says. The install reads npm's
 * cache (`--prefer-offline`): every dependency was fetched by this repository's own install.
 */
describe.skipIf(process.env.LAKE_TARGET_URL)('the lake as a package in another project', () => {
  const work = mkdtempSync(join(tmpdir(), 'lake-package-'))
  const app = join(work, 'my-app')
  // The Node.js running this test (the project's Node 24) first, as an app's own `npx` would find its Node.
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` }
  for (const name of [
    'INIT_CWD',
    'LAKE_DATA_DIR',
    'NODE_OPTIONS',
    'NODE_EXTRA_CA_CERTS',
    'SANITY_AUTH_TOKEN',
  ])
    delete env[name]

  beforeAll(async () => {
    const packed = await run('npm', ['pack', '--pack-destination', work], LAKE_DIR, env)
    expect(packed.code, packed.output).toBe(0)
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))
    mkdirSync(app)
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'my-app', private: true, type: 'module' }),
    )
    copyFileSync(PROBE, join(app, 'probe.mjs'))
    const installed = await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', join(work, tarball ?? '')],
      app,
      env,
    )
    expect(installed.code, installed.output).toBe(0)
  }, 300_000)

  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
    rmSync(join(LAKE_DIR, 'dist'), { recursive: true, force: true })
  })

  it('holds the built lake, not its sources or this repository’s packages', () => {
    const installed = join(app, 'node_modules', '@slideshow', 'lake')
    expect(existsSync(join(installed, 'dist', 'cli.js'))).toBe(true)
    expect(existsSync(join(installed, 'dist', 'preload.js'))).toBe(true)
    expect(existsSync(join(installed, 'src'))).toBe(false)
    expect(existsSync(join(app, 'node_modules', '@slideshow', 'sanity'))).toBe(false)
  })

  it('runs with npx: `lake exec` sends Sanity’s names to a lake in the project’s folder', async () => {
    const ports = { LAKE_PORT: String(await freePort()), LAKE_TLS_PORT: String(await freePort()) }
    const help = await run('npx', ['lake', '--help'], app, env)
    expect(help.output).toContain('exec -- <command>')
    const { code, output } = await run('npx', ['lake', 'exec', '--', 'node', 'probe.mjs'], app, {
      ...env,
      ...ports,
    })
    expect(code, output).toBe(0)
    const report = probeReport(output)
    expect(report.fetchProject).toMatch(/^200 \{"result":/)
    expect(report.cdn).toBe('200 hello from a probe')
    expect(existsSync(join(app, '.lake', 'tls', 'sanity-ca.crt'))).toBe(true)
  }, 120_000)
})
