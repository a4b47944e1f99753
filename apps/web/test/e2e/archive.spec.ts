import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { ARCHIVED_HEADINGS, ARCHIVED_SLUG, ARCHIVED_TITLE } from './support/archive'
import { theStory } from './support/dataset'
import { publicHtml, siteUrl } from './support/lake'
import { webDir } from './support/processes'
import { outputMark, rendersSince } from './support/renders'

/*
 * A build pre-renders only the newest stories (apps/web/lib/prerender.ts; the e2e build: the
 * Baldwin story alone), so it takes as long whatever the size of the archive. An older story's
 * pages are no 404: each renders on its first request and is served from the cache after that.
 * The global setup wrote that older story (support/archive.ts) before the build.
 */

const newest = theStory().slug.current
const archived = `/stories/${ARCHIVED_SLUG}`

/** The paths `next build` pre-rendered, from the build's own manifest. */
function prerenderedPaths(): string[] {
  const manifest = JSON.parse(readFileSync(join(webDir, '.next/prerender-manifest.json'), 'utf8')) as {
    routes: Record<string, unknown>
  }
  return Object.keys(manifest.routes)
}

test.describe.configure({ mode: 'serial' })

test('the build pre-rendered the newest story, its slides and its people, and left the older story out', () => {
  const paths = prerenderedPaths()
  expect(paths).toEqual(
    expect.arrayContaining([`/stories/${newest}`, `/stories/${newest}/1`, '/people/alec-baldwin']),
  )
  expect(paths.filter((path) => path.startsWith(archived))).toEqual([])
})

/** How often the site has rendered `path` since it started (its `render <path>` lines). */
const rendersOf = (path: string) => rendersSince(0).filter((rendered) => rendered === path).length

for (const [what, path, text] of [
  ['slide', `${archived}/2`, ARCHIVED_HEADINGS[1] ?? ''],
  ['story', archived, ARCHIVED_TITLE],
] as const) {
  test(`an older ${what} left out of the build renders on its first request, then comes from the cache`, async () => {
    // Its first request may have come earlier in the run: the home page links the story, and
    // browsers on it fetch the pages of links in view ahead of time.
    const first = await fetch(siteUrl(path))
    expect(first.status).toBe(200)
    expect(await first.text()).toContain(text)
    await expect.poll(() => rendersOf(path)).toBe(1)

    const mark = outputMark()
    for (let request = 0; request < 3; request++) {
      const again = await fetch(siteUrl(path))
      expect(again.status).toBe(200)
      expect(again.headers.get('x-nextjs-cache')).toBe('HIT')
      expect(await again.text()).toContain(text)
    }
    expect(rendersSince(mark)).toEqual([])
    expect(rendersOf(path)).toBe(1)
  })
}

test('the older story stays in the sitemap and the feed, and past its last slide is a 404', async () => {
  expect(await publicHtml('/sitemap.xml')).toContain(siteUrl(archived))
  expect(await publicHtml('/feed.xml')).toContain(ARCHIVED_TITLE)
  const past = await fetch(siteUrl(`${archived}/${ARCHIVED_HEADINGS.length + 1}`))
  expect(past.status).toBe(404)
})
