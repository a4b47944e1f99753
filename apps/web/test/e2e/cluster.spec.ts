import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { createClient as sanityClient } from '@sanity/client'
import { createClient as redisClient } from 'redis'
import { CLUSTER_ID_PREFIX, type Cluster, type Instance, startCluster } from './support/cluster'
import { ADMIN_TOKEN, SILENT_ID_PREFIX } from './support/constants'
import { theStory } from './support/dataset'
import { postWebhook, uniqueMarker } from './support/lake'

/*
 * The site on several servers: two `next start` instances of the one e2e build sharing their ISR
 * cache in Redis, Varnish in front (support/cluster.ts). Publishes go through the lake with the
 * real @sanity/client; its webhook reaches the instances through the cache, as a hosted webhook
 * reaches a deployment. Then the ways shared Next.js caches are known to fail: an instance
 * restarted after a publish, an instance starting while the cache lacks a page its build has,
 * entries past their revalidate time, and Redis stopped and started again during publishes.
 */

test.describe.configure({ mode: 'serial' })

const run = uniqueMarker('run')
const storyId = `${CLUSTER_ID_PREFIX}story-${run}`
const slug = `cluster-${run}`
const storyPath = `/stories/${slug}`
const { people: _notTold, ...firstSlide } = theStory().slides[0] ?? { people: undefined }
const titles = {
  first: uniqueMarker('Cluster first title'),
  second: uniqueMarker('Cluster second title'),
  third: uniqueMarker('Cluster third title'),
  fourth: uniqueMarker('Cluster fourth title'),
}
// Told to the cluster only by a webhook this test posts (its id reaches no webhook of the lake).
const silentId = `${SILENT_ID_PREFIX}${CLUSTER_ID_PREFIX}story-${run}`
const silentSlug = `cluster-silent-${run}`
const silentTitle = uniqueMarker('Cluster silent title')

let cluster: Cluster
let a: Instance
let b: Instance
let inspect: ReturnType<typeof redisClient>

const sanity = () =>
  sanityClient({
    projectId: 'local',
    dataset: 'production',
    apiHost: process.env.E2E_LAKE_URL,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    token: ADMIN_TOKEN,
    useCdn: false,
  })

const story = (title: string, id = storyId, at = slug) => ({
  _id: id,
  _type: 'article',
  title,
  slug: { _type: 'slug', current: at },
  publishedAt: new Date().toISOString(),
  slides: [{ ...firstSlide, _key: 'only' }],
})

/** Publishes through the lake as an editor's Studio does; gives the transaction's id. */
async function publishTitle(title: string): Promise<string> {
  const { transactionId } = await sanity().transaction().patch(storyId, { set: { title } }).commit()
  return transactionId
}

async function read(base: string, path: string) {
  const response = await fetch(new URL(path, base), { cache: 'no-store' })
  return {
    status: response.status,
    cache: response.headers.get('x-nextjs-cache'),
    cacheControl: response.headers.get('cache-control'),
    body: await response.text(),
  }
}

const text = async (base: string, path: string) => (await read(base, path)).body

/** Waits (generously: the machine is shared) until `path` read at `base` shows `marker`. */
async function shows(base: string, path: string, marker: string): Promise<void> {
  await expect
    .poll(() => text(base, path), { message: `${base}${path} shows ${marker}`, timeout: 120_000 })
    .toContain(marker)
}

const readers = () => [a.url, b.url, cluster.cache.url]

/** `render <path>` lines in both instances' output: each is one render of that page. */
function renders(path: string): number {
  return [a, b]
    .map((one) => readFileSync(one.log, 'utf8'))
    .join('\n')
    .split('\n')
    .filter((line) => line === `render ${path}`).length
}

/** Whether an instance printed `line` (support/renders.ts lists what the site prints). */
function said(line: string): boolean {
  return [a, b].some((one) => readFileSync(one.log, 'utf8').includes(line))
}

/** Waits until an instance says it rendered again the pages of the delivery of `transactionId`. */
async function rendered(transactionId: string): Promise<void> {
  await expect.poll(() => said(`revalidate ${transactionId}: rendered`), { timeout: 120_000 }).toBe(true)
}

/** The Redis key of a page's entry (this build's). */
async function entryKey(path: string): Promise<string> {
  const keys = await inspect.keys(`site:*:/route-cache/APP_PAGE/*/$${path === '/' ? '/index' : path}`)
  expect(keys).toHaveLength(1)
  return keys[0] as string
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  cluster = await startCluster()
  ;[a, b] = cluster.instances as [Instance, Instance]
  inspect = redisClient({ url: cluster.redis.url })
  inspect.on('error', () => {})
  await inspect.connect()
})

test.afterAll(async () => {
  test.setTimeout(120_000)
  await sanity()
    .transaction()
    .delete(storyId)
    .delete(silentId)
    .commit()
    .catch(() => undefined)
  inspect?.destroy()
  await cluster?.stop()
})

test('a publish through the lake shows on both instances, read from each and through the cache', async () => {
  for (const base of readers()) expect(await text(base, '/')).not.toContain(titles.first)
  const { transactionId } = await sanity().transaction().create(story(titles.first)).commit()
  for (const base of readers()) {
    await shows(base, '/', titles.first)
    await shows(base, storyPath, titles.first)
  }
  await rendered(transactionId)
})

test('a page one instance rendered is served by the other from the shared cache, not rendered again', async () => {
  const slide = `${storyPath}/1`
  // The publish rendered it once, on whichever instance the cache sent its refetch to.
  expect(renders(slide)).toBe(1)
  for (const base of [a.url, b.url, a.url, b.url]) {
    const response = await read(base, slide)
    expect(response.body).toContain(titles.first)
    expect(response.cache).toBe('HIT')
    // With the page's own lifetime, on the instance that did not render it too.
    expect(response.cacheControl).toBe('s-maxage=3600, stale-while-revalidate=31532400')
  }
  expect(renders(slide)).toBe(1)
})

test('page entries carry their path and their data tags, and a publish expiring by tag reaches both instances', async () => {
  const entry = JSON.parse((await inspect.get(await entryKey(storyPath))) ?? '{}') as { tags: string[] }
  // revalidatePath expires the first, revalidateTag the second (lib/revalidation/expire.ts).
  expect(entry.tags).toEqual(expect.arrayContaining([`_N_T_${storyPath}`, `story:${slug}`]))

  for (const base of [a.url, b.url]) expect(await text(base, '/')).not.toContain(silentTitle)
  await sanity().create(story(silentTitle, silentId, silentSlug))
  // Nobody told the cluster: both serve the home page from the cache they share.
  for (const base of [a.url, b.url]) expect(await text(base, '/')).not.toContain(silentTitle)
  // A webhook of the older projection (id and slug only), which the route expires by tag.
  const response = await postWebhook(
    { _id: silentId, _type: 'article', slug: silentSlug, operation: 'create' },
    { site: cluster.cache.url },
  )
  expect(response.status).toBe(200)
  expect(((await response.json()) as { tags: string[] }).tags).toContain(`story:${silentSlug}`)
  for (const base of readers()) {
    await shows(base, '/', silentTitle)
    await shows(base, `/stories/${silentSlug}`, silentTitle)
  }
})

test('an entry past its revalidate time is served stale, not evicted from Redis', async () => {
  const key = await entryKey(storyPath)
  // As long as Next.js may serve it (a year), not 1.5 × revalidate (an hour and a half).
  expect(await inspect.ttl(key)).toBeGreaterThan(300 * 24 * 3600)
  // Two hours older: past `revalidate` (an hour), as if nobody had published since.
  const entry = JSON.parse((await inspect.get(key)) ?? '{}')
  const shift = 2 * 3600
  entry.lastModified -= shift * 1000
  for (const field of ['lastModifiedAt', 'staleAt', 'expireAt']) entry.lifespan[field] -= shift
  await inspect.set(key, JSON.stringify(entry), { KEEPTTL: true })
  const response = await read(b.url, storyPath)
  expect(response.status).toBe(200)
  expect(response.cache).toBe('STALE')
  expect(response.body).toContain(titles.first)
})

test('an instance restarted after a publish serves the publish, never its build or its past', async () => {
  await b.stop()
  const transactionId = await publishTitle(titles.second)
  for (const base of [a.url, cluster.cache.url]) {
    await shows(base, '/', titles.second)
    await shows(base, storyPath, titles.second)
  }
  await rendered(transactionId)
  await b.start()
  // At once, from its first answer.
  expect(await text(b.url, '/')).toContain(titles.second)
  expect(await text(b.url, storyPath)).toContain(titles.second)
})

test("a starting instance never serves its build's copy of a page over a later publish, even when Redis lost the page", async () => {
  // The home page is in the build (without this run's story); Redis loses its entry.
  await inspect.del(await entryKey('/'))
  await a.stop()
  await a.start()
  expect(await text(a.url, '/')).toContain(titles.second)
  expect(await text(b.url, '/')).toContain(titles.second)
})

test('with Redis down pages are served, a publish is not reported done until Redis records it, and all recovers', async () => {
  test.setTimeout(300_000)
  await cluster.redis.stop()
  for (const base of [a.url, b.url]) {
    for (const path of ['/', storyPath]) {
      const response = await read(base, path)
      expect(response.status).toBe(200)
      expect(response.body).toContain(titles.second)
    }
  }
  const direct = await postWebhook(
    { _id: storyId, _type: 'article', slug, operation: 'update' },
    { site: a.url },
  )
  expect(direct.status).toBe(503)

  // Two publishes while Redis is down: the lake's webhook gets 503 and delivers them again.
  const refused = await publishTitle(titles.third)
  const last = await publishTitle(titles.fourth)
  await expect.poll(() => said(`revalidate ${refused}: not recorded`), { timeout: 60_000 }).toBe(true)
  // Not done, so the cache in front was not purged either: it still has the page of before.
  expect(await text(cluster.cache.url, storyPath)).toContain(titles.second)

  await cluster.redis.start()
  for (const base of readers()) {
    await shows(base, '/', titles.fourth)
    await shows(base, storyPath, titles.fourth)
  }
  await rendered(last)
  // Cached again: a second read is a hit on either instance.
  for (const base of [a.url, b.url]) {
    await read(base, storyPath)
    await expect.poll(async () => (await read(base, storyPath)).cache, { timeout: 30_000 }).toBe('HIT')
  }
})
