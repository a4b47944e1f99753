import { describe, expect, it } from 'vitest'
import { LAKE_API_HOST, resolveStudioEnv } from '../env.ts'

const lakeSwitches = {
  tasks: { enabled: false },
  releases: { enabled: false },
  scheduledPublishing: { enabled: false },
  scheduledDrafts: { enabled: false },
  announcements: { enabled: false },
  mediaLibrary: { enabled: false },
  document: { comments: { enabled: false } },
  search: { strategy: 'groqLegacy' },
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
})
