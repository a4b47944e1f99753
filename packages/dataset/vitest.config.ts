import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Rendering all placeholder images in memory takes a few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
