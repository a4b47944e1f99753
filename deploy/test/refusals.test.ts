import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../production/settings.ts'

const START = join(REPO_ROOT, 'deploy', 'production', 'start.ts')
const dir = mkdtempSync(join(tmpdir(), 'deploy-refusals-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const LOOPBACK = {
  SITE_URL: 'https://site.localhost:8443',
  STUDIO_URL: 'https://studio.localhost:8443',
  LAKE_PUBLIC_URL: 'https://lake.localhost:8443',
  LAKE_DATA_DIR: join(dir, 'lake'),
}

/** `npm start`'s script with this file as `.env.production`; what it said and how it ended. */
function npmStart(variables: Record<string, string> | undefined): { code: number | null; said: string } {
  const file = join(dir, `env-${Math.random().toString(36).slice(2)}`)
  if (variables)
    writeFileSync(
      file,
      Object.entries(variables)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    )
  const result = spawnSync(process.execPath, [START], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PRODUCTION_ENV_FILE: file },
    encoding: 'utf8',
  })
  return { code: result.status, said: `${result.stdout}${result.stderr}` }
}

describe('npm start refuses, saying what to do, and starts nothing', () => {
  it('without .env.production', () => {
    const { code, said } = npmStart(undefined)
    expect(code).toBe(1)
    expect(said).toContain('copy .env.production.example to .env.production')
  })

  it('with a required setting missing', () => {
    const { code, said } = npmStart({ ...LOOPBACK, STUDIO_URL: '' })
    expect(code).toBe(1)
    expect(said).toMatch(/STUDIO_URL is not set: the public address of the Studio/)
  })

  it('without builds', () => {
    const { code, said } = npmStart({
      ...LOOPBACK,
      STUDIO_DIST_DIR: join(dir, 'none'),
      NEXT_DIST_DIR: '.next-none',
    })
    expect(code).toBe(1)
    expect(said).toMatch(/no Studio build in .*: run `npm run build`/)
    expect(said).toMatch(/no site build in .*: run `npm run build`/)
  })

  it('with a Studio built to call another lake', () => {
    const studio = join(dir, 'studio')
    mkdirSync(join(studio, 'static'), { recursive: true })
    writeFileSync(join(studio, 'index.html'), '<script src="/static/sanity-AbCd1234.js"></script>')
    writeFileSync(
      join(studio, 'static', 'sanity-AbCd1234.js'),
      'resolve({apiHost:"https://lake.elsewhere.example"})',
    )
    const { code, said } = npmStart({ ...LOOPBACK, STUDIO_DIST_DIR: studio })
    expect(code).toBe(1)
    expect(said).toContain(
      `the Studio in ${studio} calls https://lake.elsewhere.example, not https://lake.localhost:8443 (LAKE_PUBLIC_URL): run \`npm run build\``,
    )
  })
})
