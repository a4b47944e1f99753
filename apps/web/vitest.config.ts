import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    // next-sanity imports `next/image` without an extension, which only a bundler resolves.
    server: { deps: { inline: ['next-sanity'] } },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
})
