// `next build` time as the content grows: N generated stories of 40 slides in a temp lake (written
// over HTTP in transactions under 4 MB), a cold build of apps/web against it per N.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { generateStories, importDocuments, mutate, STORY_ID, seedRefs, startLake } from './lake.ts'
import { stop } from './proc.ts'
import { type BuildResult, buildSite, siteEnv, snapshotSite } from './site.ts'

export const SLIDES_PER_STORY = 40

export interface BuildPoint {
  stories: number
  slidesPerStory: number
  /** Pages `next build` pre-rendered (stories, slides, people, lists). */
  staticPages: number | undefined
  buildSeconds: number
  /** Writing the generated stories into the lake before the build (not part of the build time). */
  importSeconds: number
  importTransactions: number
  buildPeakRssBytes: number
  stages: BuildResult['stages']
}

export async function measureBuilds(
  sizes: number[],
  dir: string,
  log: (line: string) => void,
): Promise<BuildPoint[]> {
  const lake = await startLake(join(dir, 'lake'), join(dir, 'lake.log'))
  const points: BuildPoint[] = []
  try {
    const refs = await seedRefs(lake.url)
    // Only generated stories: the seeded one goes (its people and images stay for reference).
    await mutate(lake.url, [{ delete: { id: STORY_ID } }, { delete: { id: `drafts.${STORY_ID}` } }])
    const webDir = snapshotSite(join(dir, 'site'))
    let written = 0
    for (const size of [...sizes].sort((a, b) => a - b)) {
      const began = performance.now()
      const stories = generateStories(size, SLIDES_PER_STORY, refs).slice(written)
      const transactions = await importDocuments(lake.url, stories)
      written = size
      const importSeconds = (performance.now() - began) / 1000
      log(`bench: build with ${size} stories (${size * SLIDES_PER_STORY} slides)...`)
      const env = siteEnv(lake.url, 'http://127.0.0.1:3000')
      const build = await buildSite(webDir, env, join(dir, `build-${size}.log`))
      points.push({
        stories: size,
        slidesPerStory: SLIDES_PER_STORY,
        staticPages: build.staticPages,
        buildSeconds: build.seconds,
        importSeconds,
        importTransactions: transactions,
        buildPeakRssBytes: build.peakRssBytes,
        stages: build.stages,
      })
      log(`bench:   ${build.seconds.toFixed(1)} s, ${build.staticPages ?? '?'} pages`)
    }
  } finally {
    await stop(lake.process)
    // The builds' output and the lake (a thousand stories): only the logs are worth keeping.
    rmSync(join(dir, 'site'), { recursive: true, force: true })
    rmSync(join(dir, 'lake'), { recursive: true, force: true })
  }
  return points
}
