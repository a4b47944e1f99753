import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { environmentFile } from '../production/environmentFile.ts'
import { caddyEnv, lakeEnv, siteBuildEnv, siteEnv, studioBuildEnv } from '../production/processEnv.ts'
import { checkSettings, type ProductionSettings, readSettings } from '../production/settings.ts'

const PUBLIC = {
  SITE_URL: 'https://news.example.com',
  STUDIO_URL: 'https://studio.news.example.com',
  LAKE_PUBLIC_URL: 'https://lake.news.example.com',
  LAKE_DATA_DIR: '/var/lib/slideshow/lake',
  CADDY_TLS: 'ops@news.example.com',
}

const dir = mkdtempSync(join(tmpdir(), 'deploy-settings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function problemsWith(variables: Record<string, string>): string[] {
  const result = checkSettings('.env.production', variables)
  return 'problems' in result ? result.problems : []
}

function settingsOf(variables: Record<string, string>): ProductionSettings {
  const result = checkSettings('.env.production', variables)
  if ('problems' in result) throw new Error(result.problems.join('\n'))
  return result.settings
}

describe('.env.production: what a start refuses, each problem naming its variable', () => {
  it('a missing file names the example to copy', () => {
    const result = readSettings(join(dir, 'absent'))
    expect('problems' in result && result.problems[0]).toMatch(
      /copy \.env\.production\.example to \.env\.production/,
    )
  })

  it.each([
    ['SITE_URL', { SITE_URL: '' }, /SITE_URL is not set/],
    ['STUDIO_URL', { STUDIO_URL: '' }, /STUDIO_URL is not set/],
    ['LAKE_PUBLIC_URL', { LAKE_PUBLIC_URL: '' }, /LAKE_PUBLIC_URL is not set/],
    ['LAKE_DATA_DIR', { LAKE_DATA_DIR: '' }, /LAKE_DATA_DIR is not set/],
    ['plain HTTP', { SITE_URL: 'http://news.example.com' }, /SITE_URL=.* must start with https/],
    ['a path', { STUDIO_URL: 'https://news.example.com/studio' }, /STUDIO_URL=.* must be an origin only/],
    ['an IP address', { LAKE_PUBLIC_URL: 'https://192.0.2.10' }, /must name a host, not an IP/],
    ['an api. lake name', { LAKE_PUBLIC_URL: 'https://api.news.example.com' }, /"cdn\.news\.example\.com"/],
    ['one name twice', { STUDIO_URL: 'https://news.example.com' }, /three different host names/],
    ["the lake's project name", { STUDIO_URL: 'https://local.lake.news.example.com' }, /belongs to the lake/],
    ['two ports', { SITE_URL: 'https://news.example.com:8443' }, /must use the same port/],
    [
      'no certificate issuer on a public host',
      { CADDY_TLS: '' },
      /CADDY_TLS is not set: your e-mail address/,
    ],
    ['a port that is not one', { WEB_PORT: '70000' }, /WEB_PORT=70000 is not a port number/],
  ])('%s', (_, change, message) => {
    expect(problemsWith({ ...PUBLIC, ...change })).toEqual(
      expect.arrayContaining([expect.stringMatching(message)]),
    )
  })

  it('lists every problem at once', () => {
    expect(problemsWith({})).toHaveLength(5)
  })

  it('takes a variable set in the environment over the file, as `node --env-file` does', () => {
    const file = join(dir, 'env')
    writeFileSync(
      file,
      Object.entries(PUBLIC)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    )
    const result = readSettings(file, { WEB_PORT: '3100', SITE_URL: 'https://paper.example.com' })
    expect('settings' in result && [result.settings.siteUrl, result.settings.ports.web]).toEqual([
      'https://paper.example.com',
      3000,
    ])
  })

  it("uses Caddy's own CA when every name is on this machine", () => {
    const loopback = settingsOf({
      SITE_URL: 'https://site.localhost:8443',
      STUDIO_URL: 'https://studio.localhost:8443',
      LAKE_PUBLIC_URL: 'https://lake.localhost:8443',
      LAKE_DATA_DIR: 'lake-data',
    })
    expect([loopback.tls, loopback.loopback, loopback.httpsPort]).toEqual(['internal', true, 8443])
    expect(caddyEnv(loopback).CADDY_BIND).toBe('127.0.0.1')
  })
})

describe('what each process is told, derived from the three names', () => {
  const settings = settingsOf(PUBLIC)
  const secrets = { revalidateSecret: 'r'.repeat(43), previewSecret: 'p'.repeat(43), readToken: 'lkt_token' }

  it('the lake: production, no dev identity, behind a proxy, answering to its two names, webhook to the local cache', () => {
    expect(lakeEnv(settings)).toMatchObject({
      NODE_ENV: 'production',
      LAKE_DEV_IDENTITY: '0',
      LAKE_HOST: '127.0.0.1',
      LAKE_PUBLIC_URL: 'https://lake.news.example.com',
      LAKE_TRUST_PROXY: '1',
      LAKE_ALLOWED_HOSTS: 'lake.news.example.com,local.lake.news.example.com',
      STUDIO_URL: 'https://studio.news.example.com',
      SITE_URL: 'https://news.example.com',
      LAKE_REVALIDATE_URL: 'http://127.0.0.1:8080/api/revalidate',
    })
  })

  it('the Studio is built to call the lake at its public name, and the site for its public address', () => {
    expect(studioBuildEnv(settings)).toMatchObject({
      SANITY_STUDIO_API_HOST: 'https://lake.news.example.com',
      SANITY_STUDIO_SITE_URL: 'https://news.example.com',
    })
    expect(siteBuildEnv(settings)).toMatchObject({
      NODE_ENV: 'production',
      SITE_URL: 'https://news.example.com',
      SANITY_API_HOST: 'http://127.0.0.1:4000',
      LAKE_DATA_DIR: '/var/lib/slideshow/lake',
    })
  })

  it("the site gets the data dir's secrets and purges the cache tier on this machine", () => {
    expect(siteEnv(settings, secrets)).toMatchObject({
      SANITY_REVALIDATE_SECRET: secrets.revalidateSecret,
      SANITY_PREVIEW_SECRET: secrets.previewSecret,
      SANITY_API_READ_TOKEN: 'lkt_token',
      CACHE_PURGE_URL: 'http://127.0.0.1:8080',
    })
  })

  it("Caddy serves the lake under its name and local.<its name>, with certificates from Let's Encrypt", () => {
    expect(caddyEnv(settings)).toMatchObject({
      SITE_HOST: 'news.example.com',
      STUDIO_HOST: 'studio.news.example.com',
      LAKE_HOSTS: 'lake.news.example.com, local.lake.news.example.com',
      CADDY_TLS: 'ops@news.example.com',
      CADDY_HTTPS_PORT: '443',
      CADDY_BIND: '""',
    })
  })

  it('environment files keep every value as it is', () => {
    const env = { CADDY_BIND: '""', PATH_WITH_QUOTE: "/srv/it's here", SECRET: secrets.revalidateSecret }
    expect(parseEnv(environmentFile(env))).toEqual(env)
  })
})
