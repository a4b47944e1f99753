import { describe, expect, it } from 'vitest'
import { resolveSanityEnv } from '../src/env.ts'
import { localAddresses } from '../src/localAddresses.ts'

describe('resolveSanityEnv', () => {
  it('defaults to the local lake over plain HTTP', () => {
    expect(resolveSanityEnv({})).toEqual({
      projectId: 'local',
      dataset: 'production',
      apiVersion: '2025-02-19',
      apiHost: 'http://127.0.0.1:4000',
      useProjectHostname: false,
      // The site's own origin: it forwards /images/ and /files/ to the lake.
      imageBaseUrl: '',
      onLake: true,
    })
  })

  it("follows LAKE_PORT to the lake's HTTP port", () => {
    expect(resolveSanityEnv({ LAKE_PORT: '4100' }).apiHost).toBe('http://127.0.0.1:4100')
  })

  it('treats empty values as unset and honours SANITY_API_HOST for the lake', () => {
    const env = resolveSanityEnv({ SANITY_PROJECT_ID: ' ', SANITY_API_HOST: 'http://127.0.0.1:4610/' })
    expect(env).toMatchObject({
      onLake: true,
      apiHost: 'http://127.0.0.1:4610',
      imageBaseUrl: '',
    })
  })

  it('switches to a hosted project by its id: project hostname and image CDN', () => {
    const env = resolveSanityEnv({
      SANITY_PROJECT_ID: 'abc123',
      SANITY_DATASET: 'staging',
      SANITY_API_READ_TOKEN: 'sk-read',
    })
    expect(env).toMatchObject({
      projectId: 'abc123',
      dataset: 'staging',
      apiHost: 'https://api.sanity.io',
      useProjectHostname: true,
      imageBaseUrl: 'https://cdn.sanity.io',
      onLake: false,
    })
  })

  it('carries no token or secret: those are server-only, in the site', () => {
    const env = resolveSanityEnv({
      SANITY_API_READ_TOKEN: 'sk-read',
      SANITY_REVALIDATE_SECRET: 'hook',
      SANITY_PREVIEW_SECRET: 'peek',
    })
    expect(JSON.stringify(env)).not.toMatch(/sk-read|hook|peek/)
  })
})

describe('localAddresses', () => {
  it('puts every process at its default port', () => {
    expect(localAddresses({})).toEqual({
      ports: { LAKE_PORT: 4000, LAKE_TLS_PORT: 4443, WEB_PORT: 3000, STUDIO_PORT: 3333 },
      lakeHttpUrl: 'http://127.0.0.1:4000',
      lakeHttpsUrl: 'https://localhost:4443',
      siteUrl: 'http://localhost:3000',
      studioUrl: 'http://localhost:3333',
    })
  })

  it('moves each address with its variable; SITE_URL and STUDIO_URL name public addresses', () => {
    const moved = localAddresses({
      LAKE_PORT: '4100',
      LAKE_TLS_PORT: '4543',
      WEB_PORT: '3100',
      STUDIO_PORT: '3999',
    })
    expect(moved).toMatchObject({
      lakeHttpUrl: 'http://127.0.0.1:4100',
      lakeHttpsUrl: 'https://localhost:4543',
      siteUrl: 'http://localhost:3100',
      studioUrl: 'http://localhost:3999',
    })
    expect(localAddresses({ WEB_PORT: '3100', SITE_URL: 'https://stories.example/' }).siteUrl).toBe(
      'https://stories.example',
    )
  })

  it('refuses a port that is not one, naming the variable', () => {
    expect(() => localAddresses({ WEB_PORT: '30o0' })).toThrow('WEB_PORT=30o0 is not a port number')
    expect(() => localAddresses({ LAKE_TLS_PORT: '70000' })).toThrow('LAKE_TLS_PORT')
  })
})
