import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  banPattern,
  cachePurgeUrl,
  purgeCache,
  urlPatternsForPaths,
  urlPatternsForTag,
} from '@/lib/cache/purge'

const matches = (tags: string[], url: string, paths: string[] = []) =>
  new RegExp(banPattern(tags, paths) ?? '$^').test(url)

describe('banPattern', () => {
  it("forgets a story's page, every slide and their RSC variants, and nothing of other stories", () => {
    const tags = ['story:baldwin']
    for (const url of [
      '/stories/baldwin',
      '/stories/baldwin/1',
      '/stories/baldwin/43?_rsc=abc',
      '/stories/baldwin?_rsc=1',
    ]) {
      expect(matches(tags, url), url).toBe(true)
    }
    for (const url of ['/stories/baldwin-2', '/stories/baldwinx/1', '/', '/people/baldwin']) {
      expect(matches(tags, url), url).toBe(false)
    }
  })

  it('forgets every list of stories for the stories tag', () => {
    for (const url of ['/', '/?_rsc=1', '/feed.xml', '/sitemap.xml', '/people/kim']) {
      expect(matches(['stories'], url), url).toBe(true)
    }
    expect(matches(['stories'], '/stories/baldwin/1')).toBe(false)
    expect(matches(['stories'], '/feedxxml')).toBe(false)
  })

  it("forgets a person's page only for a person tag", () => {
    expect(matches(['person:kim'], '/people/kim')).toBe(true)
    expect(matches(['person:kim'], '/people/kimberly')).toBe(false)
  })

  it('escapes slugs and forgets every page but build assets for a tag it does not know', () => {
    expect(urlPatternsForTag('story:a.b')).toEqual(['^/stories/a\\.b(/|\\?|$)'])
    expect(matches(['something-new'], '/stories/x/1')).toBe(true)
    expect(matches(['something-new'], '/_next/static/chunks/a.js')).toBe(false)
    expect(banPattern([])).toBeUndefined()
  })
})

describe('banPattern for paths', () => {
  const paths = ['/', '/feed.xml', '/stories/baldwin', '/stories/baldwin/5', '/stories/baldwin/12']

  it('forgets exactly those pages and their RSC variants', () => {
    for (const url of [
      '/',
      '/?_rsc=1',
      '/feed.xml',
      '/stories/baldwin',
      '/stories/baldwin/5?_rsc=x',
      '/stories/baldwin/12',
    ]) {
      expect(matches([], url, paths), url).toBe(true)
    }
    for (const url of [
      '/sitemap.xml',
      '/stories/baldwin/1',
      '/stories/baldwin/50',
      '/stories/baldwin-2',
      '/people/kim',
    ]) {
      expect(matches([], url, paths), url).toBe(false)
    }
  })

  it('gives the pages of one folder one pattern, so a story stays short enough for a header', () => {
    expect(urlPatternsForPaths(paths)).toHaveLength(3)
    const story = Array.from(
      { length: 43 },
      (_, index) => `/stories/alec-baldwin-hilaria-dramatic-news/${index + 1}`,
    )
    expect(banPattern([], story)?.length).toBeLessThan(250)
  })
})

describe('purgeCache', () => {
  let close: (() => void) | undefined
  afterEach(() => close?.())

  it('does nothing without CACHE_PURGE_URL', async () => {
    expect(cachePurgeUrl({})).toBeUndefined()
    await expect(purgeCache(['stories'], ['/'], {})).resolves.toBe(false)
  })

  it('purges the pattern, then refetches the warmed paths through the cache', async () => {
    const seen: Array<Pick<IncomingMessage, 'method' | 'url' | 'headers'>> = []
    const server = createServer((request, response) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers })
      response.end('ok')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    close = () => server.close()
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    await expect(
      purgeCache(['story:baldwin', 'stories'], ['/', '/stories/baldwin'], { CACHE_PURGE_URL: base }),
    ).resolves.toBe(true)
    expect(seen[0]?.method).toBe('PURGE')
    expect(seen[0]?.headers['x-ban-url']).toBe(
      banPattern(['story:baldwin', 'stories'], ['/', '/stories/baldwin']),
    )
    expect(
      seen.slice(1).map(({ method, url, headers }) => [method, url, headers['x-cache-refresh']]),
    ).toEqual(
      expect.arrayContaining([
        ['GET', '/', '1'],
        ['GET', '/stories/baldwin', '1'],
      ]),
    )
  })

  it("starts a publish's purge only once the refetches of the one before it are back", async () => {
    const events: string[] = []
    const server = createServer((request, response) => {
      const what = `${request.method} ${request.url}`
      events.push(`start ${what}`)
      // The first publish's refetch is slow, as a story page being rendered is.
      const delay = request.url === '/stories/first' ? 300 : 0
      setTimeout(() => {
        events.push(`end ${what}`)
        response.end('ok')
      }, delay)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    close = () => server.close()
    const env = { CACHE_PURGE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
    await Promise.all([
      purgeCache(['story:first'], ['/stories/first'], env),
      purgeCache(['story:second'], ['/stories/second'], env),
    ])
    const secondPurge = events.indexOf('start PURGE /', events.indexOf('start PURGE /') + 1)
    expect(secondPurge).toBeGreaterThan(events.indexOf('end GET /stories/first'))
    expect(events.indexOf('end GET /stories/first')).toBeGreaterThan(-1)
  })

  it('never throws when the cache does not answer', async () => {
    await expect(purgeCache(['stories'], ['/'], { CACHE_PURGE_URL: 'http://127.0.0.1:9' })).resolves.toBe(
      false,
    )
  })
})
