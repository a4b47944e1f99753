import { spawn } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { theStory } from './support/dataset'
import { mutate, publicHtml, siteUrl, uniqueMarker } from './support/lake'

const story = theStory()
const slug = story.slug.current
const LOAD_SECONDS = 30
const PUBLISHES = 20

interface WrkResult {
  requests: number
  socketErrors: number
  non2xx: number
}

/** Runs wrk (Debian's package; `.ci/run` installs it) against one URL on loopback. */
function wrk(url: string): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', '-c8', `-d${LOAD_SECONDS}s`, '--timeout', '10s', url])
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited with ${code}:\n${output}`))
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
      resolve({
        requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? 0),
        socketErrors: errors ? errors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
        non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
      })
    })
  })
}

test(`under ${LOAD_SECONDS} s of load with ${PUBLISHES} publishes, the site answers every request`, async () => {
  test.setTimeout((LOAD_SECONDS + 60) * 1000)
  const key = story.slides[1]?._key
  const original = story.slides[1]?.heading
  const loads = Promise.all([
    wrk(siteUrl(`/stories/${slug}/2`)),
    wrk(siteUrl(`/stories/${slug}`)),
    wrk(siteUrl('/stories/no-such-story')),
  ])
  let last = ''
  for (let publish = 0; publish < PUBLISHES; publish++) {
    last = uniqueMarker(`Heading under load ${publish}`)
    await mutate([{ patch: { id: story._id, set: { [`slides[_key=="${key}"].heading`]: last } } }])
    await new Promise((resolve) => setTimeout(resolve, (LOAD_SECONDS * 1000 * 0.8) / PUBLISHES))
  }
  const [slide, whole, unknown] = await loads
  console.log(`under load: ${JSON.stringify({ slide, whole, unknown })}`)
  for (const result of [slide, whole]) {
    expect(result.requests).toBeGreaterThan(100)
    expect(result.socketErrors).toBe(0)
    expect(result.non2xx).toBe(0)
  }
  expect(unknown.socketErrors).toBe(0)
  expect(unknown.non2xx).toBe(unknown.requests)
  await expect.poll(() => publicHtml(`/stories/${slug}/2`), { timeout: 20_000 }).toContain(last)

  await mutate([{ patch: { id: story._id, set: { [`slides[_key=="${key}"].heading`]: original } } }])
  await expect.poll(() => publicHtml(`/stories/${slug}/2`), { timeout: 20_000 }).toContain(String(original))
})
