import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { exitCode, startNode } from './childProcess.ts'

const studioDir = join(import.meta.dirname, '../../..')
const sanityBin = join(createRequire(import.meta.url).resolve('sanity/package.json'), '../bin/sanity')

/**
 * Builds the Studio into `outDir` with `apiHost` baked in (the Studio reads SANITY_STUDIO_* at
 * build time). A static build served as files loads in a second, where `sanity dev` would bundle
 * on demand while the browser waits; minifying is skipped because nobody downloads it over a network.
 */
export async function buildStudio(outDir: string, apiHost: string, log: string): Promise<void> {
  // Blank, not inherited: a hosted project set in the shell must not leak into the test build.
  const env = {
    ...process.env,
    SANITY_STUDIO_PROJECT_ID: '',
    SANITY_STUDIO_DATASET: '',
    SANITY_STUDIO_API_HOST: apiHost,
  }
  const build = startNode(sanityBin, ['build', outDir, '--yes', '--no-minify'], { cwd: studioDir, env, log })
  const code = await exitCode(build)
  if (code !== 0) throw new Error(`sanity build failed (${code}):\n${readFileSync(log, 'utf8').slice(-4000)}`)
}
