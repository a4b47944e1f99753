import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '@slideshow/testkit/ports'
import { startProcess, stopProcess } from '@slideshow/testkit/processes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandOutput, probeReport } from './commandOutput.ts'

const LAKE_CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
const PROBE = fileURLToPath(new URL('../fixtures/execProbe/probe.mjs', import.meta.url))

let env: NodeJS.ProcessEnv
const apps: string[] = []

/** A folder outside this repository, as another app's would be. */
function appFolder(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lake-exec-app-')))
  apps.push(dir)
  return dir
}

function lake(cwd: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  return commandOutput(process.execPath, [LAKE_CLI, ...args], { cwd, env: { ...env, ...extra } })
}

beforeAll(async () => {
  env = { ...process.env, LAKE_PORT: String(await freePort()), LAKE_TLS_PORT: String(await freePort()) }
  for (const name of [
    'INIT_CWD',
    'LAKE_DATA_DIR',
    'NODE_OPTIONS',
    'NODE_EXTRA_CA_CERTS',
    'SANITY_AUTH_TOKEN',
    'LAKE_SEED',
  ]) {
    delete env[name]
  }
})

afterAll(() => {
  for (const dir of apps) rmSync(dir, { recursive: true, force: true })
})

describe('lake exec -- <command>', () => {
  it('sends Sanity’s names to the lake in every Node.js process the command starts, in the folder it was typed in', async () => {
    const app = appFolder()
    const { code, output } = await lake(app, ['exec', '--', process.execPath, PROBE, 'child'], {
      PROBE_EXIT: '3',
    })
    // The command's own exit code comes back.
    expect(code, output).toBe(3)
    const report = probeReport(output)
    expect(report.cwd).toBe(app)
    expect(report.fetchProject).toMatch(/^200 \{"result":/)
    expect(report.httpsCdn).toMatch(/^200 \{"result":/)
    expect(report.fetchGlobal).toMatch(/^200 \{"id":/)
    expect(report.upload).toMatch(
      /"url":"https:\/\/cdn\.sanity\.io\/files\/probe1\/production\/[0-9a-f]{40}\.txt"/,
    )
    expect(report.cdn).toBe('200 hello from a probe')
    expect(report.grandchild).toMatch(/^200 \{"result":/)
    expect(report.lookup).toBe('127.0.0.1')
    // Only Sanity's API and CDN names: any other name resolves as the system resolves it.
    expect(report.otherName).not.toBe('127.0.0.1')
    // The app's lake lives in the app's folder.
    expect(existsSync(join(app, '.lake', 'tls', 'sanity-ca.crt'))).toBe(true)
  })

  it('uses the lake already running for the data dir, and refuses one of another data dir on its ports', async () => {
    const app = appFolder()
    const holder = startProcess(
      process.execPath,
      [LAKE_CLI, 'exec', '--', process.execPath, '-e', 'setInterval(() => {}, 1000)'],
      { cwd: app, env, log: join(app, 'holder.log') },
    )
    try {
      await expect
        .poll(
          async () =>
            (await fetch(`http://127.0.0.1:${env.LAKE_PORT}/health`).catch(() => undefined))?.status,
          {
            timeout: 60_000,
          },
        )
        .toBe(200)
      const same = await lake(app, ['exec', '--', process.execPath, PROBE])
      expect(same.output).toContain('using the lake already running')
      expect(same.code).toBe(0)
      const other = await lake(appFolder(), ['exec', '--', process.execPath, PROBE])
      expect(other.output).toContain('is held by something other than the lake of')
      expect(other.code).toBe(1)
    } finally {
      await stopProcess(holder)
    }
  })

  it('leaves processes outside it alone', async () => {
    const app = appFolder()
    const { output } = await lake(app, [
      'exec',
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.NODE_OPTIONS)',
    ])
    expect(output).toMatch(/--import=file:\/\/.*\/exec\/preload\.ts/)
    // The lake's own processes and this test's have no preload: only what exec starts does.
    expect(process.env.NODE_OPTIONS ?? '').not.toContain('preload')
    const outside = spawn(process.execPath, [PROBE], { cwd: app, env })
    let report = ''
    outside.stdout.on('data', (chunk) => {
      report += chunk
    })
    await new Promise((resolve) => outside.once('exit', resolve))
    expect(JSON.parse(report).fetchProject).not.toMatch(/^200/)
  })
})
