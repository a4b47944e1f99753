import { afterEach, describe, expect, it, vi } from 'vitest'

/** Re-imports the CLI config so it reads the given project id; the other variables are blanked. */
async function loadCliConfig(projectId: string) {
  vi.resetModules()
  vi.stubEnv('SANITY_STUDIO_PROJECT_ID', projectId)
  vi.stubEnv('SANITY_STUDIO_DATASET', '')
  vi.stubEnv('SANITY_STUDIO_API_HOST', '')
  return (await import('../sanity.cli.ts')).default
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('sanity.cli', () => {
  it('builds the Studio on the lake with the plugin that keeps it on the machine', async () => {
    const config = await loadCliConfig('')
    expect(config.vite).toEqual({ plugins: [expect.objectContaining({ name: 'slideshow:offline-studio' })] })
  })

  it("leaves a hosted project's Studio as Sanity ships it", async () => {
    const config = await loadCliConfig('abc123xy')
    expect(config.api).toEqual({ projectId: 'abc123xy', dataset: 'production' })
    expect(config.vite).toBeUndefined()
  })
})
