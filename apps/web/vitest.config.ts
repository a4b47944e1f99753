import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    // test/cache starts its own redis-server (Debian's; .ci/run installs it).
    include: ['test/unit/**/*.test.ts', 'test/cache/**/*.test.ts'],
    // next-sanity imports `next/image` without an extension, which only a bundler resolves.
    server: { deps: { inline: ['next-sanity'] } },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
})
