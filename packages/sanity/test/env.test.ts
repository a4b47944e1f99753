import { describe, expect, it } from 'vitest'
import { resolveSanityEnv } from '../src/env.ts'

describe('resolveSanityEnv', () => {
  it('defaults to the local lake over plain HTTP', () => {
    expect(resolveSanityEnv({})).toEqual({
      projectId: 'local',
      dataset: 'production',
      apiVersion: '2025-02-19',
      apiHost: 'http://127.0.0.1:4000',
      useProjectHostname: false,
      imageBaseUrl: 'http://127.0.0.1:4000',
      onLake: true,
    })
  })

  it('treats empty values as unset and honours SANITY_API_HOST for the lake', () => {
    const env = resolveSanityEnv({ SANITY_PROJECT_ID: ' ', SANITY_API_HOST: 'http://127.0.0.1:4610/' })
    expect(env).toMatchObject({
      onLake: true,
      apiHost: 'http://127.0.0.1:4610',
      imageBaseUrl: 'http://127.0.0.1:4610',
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
