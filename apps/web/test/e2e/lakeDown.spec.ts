import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { expect, test } from '@playwright/test'
import { theStory } from './support/dataset'
import { publicHtml, siteUrl } from './support/lake'

// Runs after every other test (a project that depends on the main one): it stops the lake.
const story = theStory()
const slug = story.slug.current

test('with the lake down, pages already generated keep being served', async () => {
  const pid = Number(process.env.E2E_LAKE_PID)
  process.kill(pid, 'SIGTERM')
  await expect
    .poll(async () => {
      try {
        await fetch(`${process.env.E2E_LAKE_URL}/health`)
        return 'up'
      } catch {
        return 'down'
      }
    })
    .toBe('down')

  for (const [path, text] of [
    ['/', story.title],
    [`/stories/${slug}`, story.title],
    [`/stories/${slug}/7`, story.slides[6]?.heading ?? ''],
    ['/people/alec-baldwin', 'Alec Baldwin'],
    ['/feed.xml', story.title],
  ] as const) {
    const response = await fetch(siteUrl(path))
    expect(response.status, path).toBe(200)
    expect(await response.text(), path).toContain(text.replaceAll('&', '&amp;'))
  }
})

test('with the lake down, unknown slugs answer 404, never 500', async () => {
  for (const path of ['/stories/no-such-story', `/stories/no-such-story/3`, '/people/nobody-at-all']) {
    const response = await fetch(siteUrl(path))
    expect(response.status, path).toBe(404)
  }
})

test('with the lake down, `next build` says so in one line instead of a stack trace', async () => {
  const next = createRequire(import.meta.url).resolve('next/dist/bin/next')
  const build = spawnSync(process.execPath, [next, 'build'], {
    env: { ...process.env, SANITY_API_HOST: process.env.E2E_LAKE_URL, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  })
  const output = `${build.stdout}${build.stderr}`
  expect(build.status).toBe(1)
  expect(output).toContain(
    `Cannot build the site: no answer from the local lake at ${process.env.E2E_LAKE_URL}`,
  )
  expect(output).not.toMatch(/^\s+at /m)
  // The build stopped before touching the output the running server uses.
  expect(await publicHtml(`/stories/${slug}/7`)).toContain(story.slides[6]?.heading ?? '')
})
