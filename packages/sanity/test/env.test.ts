import { describe, expect, it } from 'vitest'
import { DEV_PREVIEW_SECRET, DEV_REVALIDATE_SECRET, resolveSanityEnv } from '../src/env.ts'

describe('resolveSanityEnv', () => {
  it('defaults to the local lake over plain HTTP, with the dev secrets', () => {
    expect(resolveSanityEnv({})).toEqual({
      projectId: 'local',
      dataset: 'production',
      apiVersion: '2025-02-19',
      apiHost: 'http://127.0.0.1:4000',
      useProjectHostname: false,
      imageBaseUrl: 'http://127.0.0.1:4000',
      onLake: true,
      readToken: undefined,
      revalidateSecret: DEV_REVALIDATE_SECRET,
      previewSecret: DEV_PREVIEW_SECRET,
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

  it('switches to a hosted project by its id: project hostname, image CDN, and no default secrets', () => {
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
      readToken: 'sk-read',
      revalidateSecret: undefined,
      previewSecret: undefined,
    })
  })

  it('uses configured secrets everywhere', () => {
    const env = resolveSanityEnv({ SANITY_REVALIDATE_SECRET: 'hook', SANITY_PREVIEW_SECRET: 'peek' })
    expect(env).toMatchObject({ revalidateSecret: 'hook', previewSecret: 'peek' })
  })
})
