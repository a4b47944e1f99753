import type { WorkspaceOptions } from 'sanity'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

const UNSET = {
  SANITY_STUDIO_PROJECT_ID: '',
  SANITY_STUDIO_DATASET: '',
  SANITY_STUDIO_API_HOST: '',
  SANITY_STUDIO_SITE_URL: '',
}

/** Re-imports the config so it reads the given variables; anything not given is blanked, not inherited. */
async function loadConfig(env: Partial<typeof UNSET>) {
  vi.resetModules()
  for (const [name, value] of Object.entries({ ...UNSET, ...env })) vi.stubEnv(name, value)
  const config = (await import('../sanity.config.ts')).default
  // Widened by the workspace options, so a test can ask about one the config leaves at the
  // Studio's default: its key is then absent from the config's literal type.
  return config as typeof config & Partial<WorkspaceOptions>
}

// Loading `sanity` takes seconds (longer on a busy machine); do it once, outside the per-test timeout.
// `vi.resetModules` does not unload it, because vitest leaves node_modules to Node's own module cache.
beforeAll(async () => {
  await import('sanity')
}, 60_000)

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('sanity.config', () => {
  it('points at the local lake when no project id is set', async () => {
    const config = await loadConfig({})
    expect(config).toMatchObject({
      projectId: 'local',
      dataset: 'production',
      apiHost: 'https://localhost:4443',
    })
    // The lake evaluates text::query, so search keeps the Studio's default strategy.
    expect(config.search).toBeUndefined()
    // The lake implements Content Releases, scheduling, comments and tasks, so they keep the Studio's defaults.
    expect(config.tasks).toBeUndefined()
    expect(config.document?.comments).toBeUndefined()
    expect(config.releases).toBeUndefined()
    expect(config.scheduledDrafts).toBeUndefined()
    expect(config.scheduledPublishing).toBeUndefined()
  })

  it('uses Sanity defaults for a hosted project', async () => {
    const config = await loadConfig({
      SANITY_STUDIO_PROJECT_ID: 'abc123xy',
      SANITY_STUDIO_DATASET: 'staging',
    })
    expect(config).toMatchObject({ projectId: 'abc123xy', dataset: 'staging' })
    expect(config.apiHost).toBeUndefined()
    expect(config.search).toBeUndefined()
    expect(config.releases).toBeUndefined()
  })

  it('gives a hosted project Presentation on the deployed site, and Vision, as on the lake', async () => {
    const config = await loadConfig({
      SANITY_STUDIO_PROJECT_ID: 'abc123xy',
      SANITY_STUDIO_SITE_URL: 'https://stories.example.com/',
    })
    type Plugin = { name?: string; tools?: { name?: string; options?: unknown }[] }
    const plugins = (config.plugins ?? []) as Plugin[]
    expect(plugins.map((plugin) => plugin.name)).toContain('@sanity/vision')
    const presentation = plugins.find((plugin) => plugin.tools?.[0]?.name === 'presentation')
    expect(presentation?.tools?.[0]?.options).toMatchObject({
      previewUrl: {
        initial: 'https://stories.example.com',
        previewMode: { enable: '/api/draft-mode/enable', disable: '/api/draft-mode/disable' },
      },
      allowOrigins: ['https://stories.example.com'],
    })
  })

  it('registers the content model', async () => {
    const config = await loadConfig({})
    expect(config.schema.types.map((t) => t.name)).toEqual(['article', 'slide', 'person'])
  })
})
