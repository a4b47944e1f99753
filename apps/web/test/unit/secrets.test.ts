import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lakeSecretsFile, resolveSecret, type SecretSources } from '@/lib/sanity/secrets'

const root = mkdtempSync(join(tmpdir(), 'web-secrets-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const lakeSecrets = {
  identityKey: 'i'.repeat(43),
  revalidateSecret: 'r'.repeat(43),
  previewSecret: 'p'.repeat(43),
}
const dataDir = join(root, 'lake-data')
mkdirSync(dataDir)
writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify(lakeSecrets))

function sources(overrides: Partial<SecretSources> = {}): SecretSources {
  return {
    env: {},
    development: true,
    onLake: true,
    lakeSecretsFile: join(dataDir, 'secrets.json'),
    ...overrides,
  }
}

describe('resolveSecret', () => {
  it('in development on the lake, reads the secrets the lake made for its data dir', () => {
    expect(resolveSecret('previewSecret', sources())).toEqual({ secret: lakeSecrets.previewSecret })
    expect(resolveSecret('revalidateSecret', sources())).toEqual({ secret: lakeSecrets.revalidateSecret })
  })

  it('prefers configured secrets, in production too', () => {
    const env = { SANITY_PREVIEW_SECRET: ' configured-preview ', SANITY_REVALIDATE_SECRET: 'configured-hook' }
    expect(resolveSecret('previewSecret', sources({ env }))).toEqual({ secret: 'configured-preview' })
    expect(resolveSecret('revalidateSecret', sources({ env, development: false }))).toEqual({
      secret: 'configured-hook',
    })
  })

  it('in production without configured secrets, has none and names the variable to set', () => {
    const preview = resolveSecret('previewSecret', sources({ development: false }))
    expect(preview.secret).toBeUndefined()
    expect(preview.problem).toMatch(/^Draft mode is off: set SANITY_PREVIEW_SECRET/)
    const hook = resolveSecret(
      'revalidateSecret',
      sources({ development: false, env: { SANITY_REVALIDATE_SECRET: '' } }),
    )
    expect(hook.secret).toBeUndefined()
    expect(hook.problem).toMatch(/^The revalidate webhook is off: set SANITY_REVALIDATE_SECRET/)
  })

  it('never hands the lake secrets to a hosted project, even in development', () => {
    const found = resolveSecret('previewSecret', sources({ onLake: false }))
    expect(found.secret).toBeUndefined()
    expect(found.problem).toContain('SANITY_PREVIEW_SECRET')
  })

  it('in development, says where it looked when the lake has not made its secrets yet', () => {
    const missing = join(root, 'no-lake-here', 'secrets.json')
    const found = resolveSecret('revalidateSecret', sources({ lakeSecretsFile: missing }))
    expect(found.secret).toBeUndefined()
    expect(found.problem).toContain(missing)
  })

  it('in development, refuses a damaged file or a secret too short to be one the lake made', () => {
    const damaged = join(root, 'damaged.json')
    writeFileSync(damaged, '{"previewSecret": "short"')
    expect(resolveSecret('previewSecret', sources({ lakeSecretsFile: damaged })).secret).toBeUndefined()
    const short = join(root, 'short.json')
    writeFileSync(short, JSON.stringify({ previewSecret: 'short' }))
    expect(resolveSecret('previewSecret', sources({ lakeSecretsFile: short })).secret).toBeUndefined()
  })
})

describe('lakeSecretsFile', () => {
  it('is .lake/secrets.json at the repository root by default, from wherever the site runs', () => {
    const repo = join(root, 'repo')
    mkdirSync(join(repo, 'apps', 'web'), { recursive: true })
    writeFileSync(join(repo, 'turbo.json'), '{}')
    expect(lakeSecretsFile({}, join(repo, 'apps', 'web'))).toBe(join(repo, '.lake', 'secrets.json'))
    expect(lakeSecretsFile({}, repo)).toBe(join(repo, '.lake', 'secrets.json'))
  })

  it('follows LAKE_DATA_DIR, resolved as the lake resolves it', () => {
    expect(lakeSecretsFile({ LAKE_DATA_DIR: dataDir }, '/elsewhere')).toBe(join(dataDir, 'secrets.json'))
    expect(lakeSecretsFile({ LAKE_DATA_DIR: 'data' }, root)).toBe(join(root, 'data', 'secrets.json'))
  })
})
