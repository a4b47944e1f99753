import { describe, expect, it } from 'vitest'
import { cliClientOptions, LAKE_API_HOST, resolveStudioEnv, studioEnvFromNode } from '../env.ts'

const lakeSwitches = {
  announcements: { enabled: false },
  mediaLibrary: { enabled: false },
}

describe('resolveStudioEnv', () => {
  it('defaults to the local lake with its API host and the lake-only switches', () => {
    expect(resolveStudioEnv({})).toEqual({
      projectId: 'local',
      dataset: 'production',
      onLake: true,
      workspaceOverrides: { apiHost: 'https://localhost:4443', ...lakeSwitches },
    })
  })

  it('treats empty variables as unset', () => {
    const env = resolveStudioEnv({ projectId: '', dataset: ' ', apiHost: '' })
    expect(env).toMatchObject({ projectId: 'local', dataset: 'production', onLake: true })
    expect(env.workspaceOverrides.apiHost).toBe(LAKE_API_HOST)
  })

  it('lets the lake API host and dataset be overridden', () => {
    const env = resolveStudioEnv({ dataset: 'staging', apiHost: 'https://localhost:5443' })
    expect(env.dataset).toBe('staging')
    expect(env.workspaceOverrides).toEqual({ apiHost: 'https://localhost:5443', ...lakeSwitches })
  })

  it('leaves a hosted project on Sanity defaults: no apiHost override, no switches', () => {
    const env = resolveStudioEnv({
      projectId: 'abc123xy',
      dataset: 'production',
      apiHost: 'https://localhost:4443',
    })
    expect(env).toEqual({
      projectId: 'abc123xy',
      dataset: 'production',
      onLake: false,
      workspaceOverrides: {},
    })
  })

  it('follows LAKE_TLS_PORT to the lake; an explicit API host still wins', () => {
    expect(resolveStudioEnv({ lakeTlsPort: '4543' }).workspaceOverrides.apiHost).toBe(
      'https://localhost:4543',
    )
    expect(studioEnvFromNode({ LAKE_TLS_PORT: '4543' }).workspaceOverrides.apiHost).toBe(
      'https://localhost:4543',
    )
    expect(
      resolveStudioEnv({ lakeTlsPort: '4543', apiHost: 'https://localhost:5443' }).workspaceOverrides.apiHost,
    ).toBe('https://localhost:5443')
  })
})

describe('cliClientOptions', () => {
  it('points getCliClient() at the lake the Studio uses, by its project hostname', () => {
    expect(cliClientOptions({ LAKE_TLS_PORT: '4543' })).toEqual({
      apiHost: 'https://localhost:4543',
      useProjectHostname: true,
    })
  })

  it('changes nothing for a hosted project', () => {
    expect(cliClientOptions({ SANITY_STUDIO_PROJECT_ID: 'abc123xy', LAKE_TLS_PORT: '4543' })).toEqual({})
  })
})
