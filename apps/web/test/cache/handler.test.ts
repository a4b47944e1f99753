import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RedisFixture, startRedisFixture } from '@slideshow/testkit/redis'
import type { CacheHandler, CacheHandlerContext } from 'next/dist/server/lib/incremental-cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordExpiry } from '@/lib/cache/expiries'
import { entryPrefix } from '@/lib/cache/keys'
import { EXPIRE_SECONDS } from '@/lib/cache/lifespan'
import { pathTags } from '@/lib/cache/pathTags'
import { connectRedis, type Redis } from '@/lib/cache/redis'

/*
 * The shared cache handler (lib/cache/handler.ts) as Next.js drives it, against a real
 * redis-server started here: what reaches page and data entries, what a render that began before
 * a publish is worth, build seeds, TTLs, and Redis going away and coming back. The end-to-end
 * suite (test/e2e/cluster.spec.ts) runs the same with `next start` instances.
 */

type Get = Parameters<CacheHandler['get']>
type Set = Parameters<CacheHandler['set']>

const BUILD_ID = 'test-build'
const SEED_KEY = '/route-cache/APP_PAGE/seedowner/$/index'

let redis: RedisFixture
let distDir: string
let handler: CacheHandler
let inspect: Redis

const pageContext = { kind: 'APP_PAGE', isFallback: false } as unknown as Get[1]
const fetchContext = (softTags: string[] = []) =>
  ({ kind: 'FETCH', tags: ['story:x'], softTags }) as unknown as Get[1]

function page(html: string, tags: string[]): Set[1] {
  return {
    kind: 'APP_PAGE',
    html,
    rscData: Buffer.from(`rsc ${html}`),
    headers: { 'x-next-cache-tags': tags.join(',') },
    status: 200,
    postponed: undefined,
    segmentData: new Map([['/_tree', Buffer.from('tree')]]),
  } as unknown as Set[1]
}

const storyTags = ['_N_T_/layout', '_N_T_/stories/[slug]/page', '_N_T_/stories/x', 'story:x', 'stories']

/** What Next.js does for a page: look it up, and on a miss render it and store the result. */
async function render(key: string, html: string, tags = storyTags): Promise<void> {
  await handler.get(key, pageContext)
  await handler.set(key, page(html, tags), {
    cacheControl: { revalidate: 3600, expire: EXPIRE_SECONDS },
  } as Set[2])
}

async function html(key: string): Promise<string | undefined> {
  const entry = await handler.get(key, pageContext)
  return (entry?.value as { html?: string } | null | undefined)?.html
}

function writeSeed(dir: string): void {
  const app = join(dir, 'server/app')
  mkdirSync(app, { recursive: true })
  writeFileSync(join(app, 'index.html'), '<p>seed</p>')
  writeFileSync(join(app, 'index.rsc'), 'seed rsc')
  writeFileSync(
    join(app, 'index.meta'),
    JSON.stringify({
      headers: { 'x-next-cache-tags': '_N_T_/layout,_N_T_/page,_N_T_/,_N_T_/index,stories' },
      routeCache: { key: SEED_KEY, isFallback: false },
    }),
  )
  writeFileSync(
    join(dir, 'prerender-manifest.json'),
    JSON.stringify({
      routes: { '/': { initialRevalidateSeconds: 3600, initialExpireSeconds: EXPIRE_SECONDS } },
    }),
  )
}

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'shared-cache-dist-'))
  writeFileSync(join(distDir, 'BUILD_ID'), BUILD_ID)
  writeSeed(distDir)
  redis = await startRedisFixture({ log: join(distDir, 'redis.log') })
  process.env.REDIS_URL = redis.url
  const { default: SharedCacheHandler } = await import('@/lib/cache/handler')
  handler = new SharedCacheHandler({ serverDistDir: join(distDir, 'server') } as CacheHandlerContext)
  inspect = connectRedis(redis.url, 'test')
})

afterAll(async () => {
  inspect?.destroy()
  await redis?.remove()
  rmSync(distDir, { recursive: true, force: true })
})

describe('the shared cache handler', () => {
  it('serves what one instance stored, with its lifetime, to any other', async () => {
    await render('/route-cache/APP_PAGE/o/$/stories/x', 'first')
    const entry = await handler.get('/route-cache/APP_PAGE/o/$/stories/x', pageContext)
    expect((entry?.value as { html?: string } | undefined)?.html).toBe('first')
    // Without it, an instance that did not render the page takes it for stale after a second.
    expect(entry?.cacheControl).toEqual({ revalidate: 3600, expire: EXPIRE_SECONDS })
  })

  it('expires a page entry by one of its data tags (revalidateTag)', async () => {
    const key = '/route-cache/APP_PAGE/o/$/stories/x/1'
    await render(key, 'slide')
    await handler.revalidateTag('story:x')
    expect(await html(key)).toBeUndefined()
  })

  it('expires a page entry by its path (revalidatePath, as the revalidate route records it)', async () => {
    const key = '/route-cache/APP_PAGE/o/$/stories/x'
    await render(key, 'before the publish')
    await recordExpiry(inspect, pathTags('/stories/x'))
    expect(await html(key)).toBeUndefined()
    await render(key, 'after the publish')
    expect(await html(key)).toBe('after the publish')
  })

  it('expires the data a page read when the page is expired by path', async () => {
    const key = 'fetch-story-x'
    await handler.get(key, fetchContext())
    await handler.set(key, { kind: 'FETCH', data: { body: 'old' }, revalidate: 3600 } as unknown as Set[1], {
      fetchCache: true,
      tags: ['story:x'],
    })
    expect(await handler.get(key, fetchContext(['_N_T_/stories/x/2']))).not.toBeNull()
    await recordExpiry(inspect, pathTags('/stories/x/2'))
    // Read for that page it is expired; the other pages it serves were not expired.
    expect(await handler.get(key, fetchContext(['_N_T_/stories/x/2']))).toBeNull()
  })

  it('keeps a render that began before a publish expired, whenever it is stored', async () => {
    const key = '/route-cache/APP_PAGE/o/$/stories/x/3'
    const slideTags = ['_N_T_/layout', '_N_T_/stories/[slug]/[n]/page', '_N_T_/stories/x/3', 'story:x']
    await handler.get(key, pageContext) // a reader's miss: the render begins
    await handler.revalidateTag('_N_T_/stories/x/3') // a publish, on another instance
    await handler.set(key, page('rendered from the content before the publish', slideTags), {
      cacheControl: { revalidate: 3600, expire: EXPIRE_SECONDS },
    } as Set[2])
    expect(await html(key)).toBeUndefined()
    await render(key, 'rendered after the publish', slideTags)
    expect(await html(key)).toBe('rendered after the publish')
  })

  it('keeps an entry as long as Next.js may serve it stale, not 1.5 × revalidate', async () => {
    const key = '/route-cache/APP_PAGE/o/$/ttl'
    await render(key, 'ttl', ['_N_T_/ttl'])
    const ttl = await inspect.ttl(`${entryPrefix(BUILD_ID)}${key}`)
    expect(ttl).toBeGreaterThan(EXPIRE_SECONDS - 60)
  })

  it("serves the build's copy of a page nobody stored yet, until one of its tags is expired", async () => {
    expect(await html(SEED_KEY)).toBe('<p>seed</p>')
    // Stored for the other instances, as a copy from before every publish.
    expect(await inspect.exists(`${entryPrefix(BUILD_ID)}${SEED_KEY}`)).toBe(1)
    await recordExpiry(inspect, pathTags('/'))
    expect(await html(SEED_KEY)).toBeUndefined()
    // The build's copy is not taken again when the cache loses the page.
    await inspect.del(`${entryPrefix(BUILD_ID)}${SEED_KEY}`)
    expect(await html(SEED_KEY)).toBeUndefined()
  })

  it('with Redis away: a miss (the page is rendered), nothing stored, expiries refused; then all resumes', async () => {
    const key = '/route-cache/APP_PAGE/o/$/outage'
    await render(key, 'before the outage', ['_N_T_/outage'])
    await redis.stop()
    expect(await html(key)).toBeUndefined()
    await expect(handler.set(key, page('during', ['_N_T_/outage']), {} as Set[2])).resolves.toBeUndefined()
    await expect(handler.revalidateTag('_N_T_/outage')).rejects.toThrow()
    await redis.start()
    await expect.poll(() => html(key), { timeout: 30_000 }).toBe('before the outage')
    await handler.revalidateTag('_N_T_/outage')
    expect(await html(key)).toBeUndefined()
  })
})
