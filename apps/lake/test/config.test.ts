import { describe, expect, it } from 'vitest'
import { resolveIdentity } from '../src/auth/identity.ts'
import { loadConfig, parseTokens } from '../src/config.ts'

describe('configuration', () => {
  it('keeps the loopback dev identity until the first account, and never in production or off loopback', () => {
    expect(loadConfig({ LAKE_DATA_DIR: '/tmp/x' }).devIdentity).toBe('untilAccounts')
    expect(loadConfig({ LAKE_DATA_DIR: '/tmp/x', LAKE_DEV_IDENTITY: '1' }).devIdentity).toBe(true)
    expect(loadConfig({ LAKE_DATA_DIR: '/tmp/x', NODE_ENV: 'production' }).devIdentity).toBe(false)
    expect(
      loadConfig({ LAKE_DATA_DIR: '/tmp/x', NODE_ENV: 'production', LAKE_DEV_IDENTITY: '1' }).devIdentity,
    ).toBe(false)
    expect(loadConfig({ LAKE_DATA_DIR: '/tmp/x', LAKE_DEV_IDENTITY: '0' }).devIdentity).toBe(false)
    expect(loadConfig({ LAKE_DATA_DIR: '/tmp/x', LAKE_HOST: '0.0.0.0' }).devIdentity).toBe(false)
  })

  it('takes an empty variable (`NAME=` in an env file) as unset: its default, never zero', () => {
    const empty = Object.fromEntries(
      [
        'LAKE_SESSION_IDLE_DAYS',
        'LAKE_LOCK_SECONDS',
        'LAKE_QUERY_TIMEOUT_MS',
        'LAKE_QUERY_WORKERS',
        'LAKE_HOST',
      ].map((name) => [name, '']),
    )
    const config = loadConfig({ LAKE_DATA_DIR: '/tmp/x', ...empty })
    const defaults = loadConfig({ LAKE_DATA_DIR: '/tmp/x' })
    expect([config.accounts, config.queryTimeoutMs, config.queryWorkers, config.host]).toEqual([
      defaults.accounts,
      defaults.queryTimeoutMs,
      defaults.queryWorkers,
      '127.0.0.1',
    ])
  })

  it("sends the site's webhook to LAKE_REVALIDATE_URL when set, else to SITE_URL", () => {
    const config = (env: Record<string, string>) =>
      loadConfig({ LAKE_DATA_DIR: '/tmp/x', ...env }).webhooks[0]?.url
    expect(config({ SITE_URL: 'https://news.example.com' })).toBe('https://news.example.com/api/revalidate')
    expect(
      config({
        SITE_URL: 'https://news.example.com',
        LAKE_REVALIDATE_URL: 'http://127.0.0.1:8080/api/revalidate',
      }),
    ).toBe('http://127.0.0.1:8080/api/revalidate')
  })

  it('parses LAKE_TOKENS and rejects unknown roles', () => {
    const [a, b] = ['a'.repeat(32), 'b'.repeat(32)]
    expect(parseTokens(`${a}:administrator,${b}:viewer:Reader`)).toEqual([
      { token: a, role: 'administrator' },
      { token: b, role: 'viewer', name: 'Reader' },
    ])
    expect(() => parseTokens(`${a}:superuser`)).toThrow(/role/)
  })

  it('follows the four port variables: its own ports, the origins it allows, the site it calls', () => {
    const config = loadConfig({
      LAKE_DATA_DIR: '/tmp/x',
      LAKE_PORT: '4100',
      LAKE_TLS_PORT: '4543',
      WEB_PORT: '3100',
      STUDIO_PORT: '3999',
    })
    expect([config.port, config.tlsPort]).toEqual([4100, 4543])
    expect(config.corsOrigins).toEqual([
      'http://localhost:3999',
      'http://127.0.0.1:3999',
      'http://localhost:3100',
      'http://127.0.0.1:3100',
    ])
    expect(config.webhooks.map((webhook) => webhook.url)).toEqual(['http://localhost:3100/api/revalidate'])
    const defaults = loadConfig({ LAKE_DATA_DIR: '/tmp/x' })
    expect(defaults.corsOrigins).toContain('http://localhost:3333')
    expect(defaults.webhooks[0]?.url).toBe('http://localhost:3000/api/revalidate')
  })
})

describe('caller identity', () => {
  const secret = 'config-test-editor-token-0123456789'
  const config = { tokens: parseTokens(`${secret}:editor`), devIdentity: true, identityKey: 'k'.repeat(43) }

  it('gives loopback callers without a token the dev identity, and others nothing', () => {
    expect(resolveIdentity(config, {}, '127.0.0.1')).toMatchObject({ identity: { role: 'administrator' } })
    expect(resolveIdentity(config, {}, '::1')).toMatchObject({ identity: { role: 'administrator' } })
    expect(resolveIdentity(config, {}, '192.0.2.10')).toMatchObject({ identity: { role: 'anonymous' } })
    expect(resolveIdentity({ ...config, devIdentity: false }, {}, '127.0.0.1')).toMatchObject({
      identity: { role: 'anonymous' },
    })
  })

  it('reads a token from the Authorization header or the session cookie, and refuses unknown ones', () => {
    expect(resolveIdentity(config, { authorization: `Bearer ${secret}` }, '192.0.2.10')).toMatchObject({
      identity: { role: 'editor' },
    })
    expect(resolveIdentity(config, { cookie: `a=b; sanitySession=${secret}` }, '192.0.2.10')).toMatchObject({
      identity: { role: 'editor' },
    })
    expect(resolveIdentity(config, { authorization: 'Bearer wrong' }, '127.0.0.1')).toEqual({
      invalidToken: true,
    })
  })
})
