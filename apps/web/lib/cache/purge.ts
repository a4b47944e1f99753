import { PEOPLE_TAG, STORIES_TAG } from '../revalidation/tags'

/*
 * Tells the cache in front of the site (deploy/: Varnish standing in for a CDN) to forget the
 * pages of the tags the revalidate route just expired, then refetches the pages the route warms,
 * so a publish reaches readers through the cache as fast as it reaches `next start`.
 *
 * CACHE_PURGE_URL is the cache's address as the site's server sees it (e.g.
 * http://127.0.0.1:8080). Unset, nothing is purged: the site runs without a cache in front.
 *
 * The protocol is Varnish's (deploy/varnish/site.vcl): `PURGE /` with `X-Ban-Url: <regex>` forgets
 * every cached URL the regex matches (RSC variants and slides included); `GET <path>` with
 * `X-Cache-Refresh: 1` fetches a page from the site even if a copy is cached and keeps the new one.
 */

const PURGE_TIMEOUT_MS = 5_000
const REFRESH_TIMEOUT_MS = 30_000
const REFRESH_CONCURRENCY = 4

export function cachePurgeUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const url = env.CACHE_PURGE_URL?.trim()
  return url ? url.replace(/\/+$/, '') : undefined
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Where a path ends: the end of the URL, or its query (the `?_rsc=` variants of client navigations). */
const END = '(\\?|$)'

/**
 * The URLs showing a tag (lib/revalidation/tags.ts), as regexes over path + query. A tag this
 * function does not know forgets every page, so a new tag can never leave a stale page behind.
 */
export function urlPatternsForTag(tag: string): string[] {
  if (tag === STORIES_TAG) {
    // Every list of stories: home, feed, sitemap, and person pages (they list a person's stories).
    return [`^/${END}`, `^/feed\\.xml${END}`, `^/sitemap\\.xml${END}`, '^/people/']
  }
  if (tag === PEOPLE_TAG) return [`^/sitemap\\.xml${END}`, '^/people/']
  const colon = tag.indexOf(':')
  const kind = tag.slice(0, colon)
  const slug = colon > 0 ? tag.slice(colon + 1) : ''
  if (kind === 'story' && slug) return [`^/stories/${escapeRegex(slug)}(/|\\?|$)`]
  if (kind === 'person' && slug) return [`^/people/${escapeRegex(slug)}${END}`]
  // Everything but Next's immutable build assets.
  return ['^/(?!_next/static/)']
}

/**
 * The URLs of the pages at `paths`: each path and its RSC variants (`?_rsc=`), not the pages below
 * it. Pages in one folder share a pattern, so a story's fifty pages stay well inside the size of a
 * request header.
 */
export function urlPatternsForPaths(paths: string[]): string[] {
  const byFolder = new Map<string, string[]>()
  for (const path of new Set(paths)) {
    const cut = path.lastIndexOf('/') + 1
    const folder = path.slice(0, cut)
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), escapeRegex(path.slice(cut))])
  }
  return [...byFolder].map(([folder, names]) => {
    const name = names.length === 1 ? names[0] : `(${names.join('|')})`
    return `^${escapeRegex(folder)}${name}${END}`
  })
}

/** One regex for the pages of the tags and the pages at the paths, as the cache's `X-Ban-Url` takes it. */
export function banPattern(tags: string[], paths: string[] = []): string | undefined {
  const patterns = [...new Set([...tags.flatMap(urlPatternsForTag), ...urlPatternsForPaths(paths)])]
  return patterns.length ? patterns.map((pattern) => `(${pattern})`).join('|') : undefined
}

// Purges run one after another, in the order of the publishes that caused them. Run side by side,
// an earlier publish's refetch could still be on its way back with that publish's page while a
// later publish bans it; the cache would then store the older page after the newer ban and keep
// serving it until it expires.
let purging: Promise<unknown> = Promise.resolve()

/**
 * Purges the cache for `tags` and `paths` and refetches `paths` through it, once the purges of
 * earlier publishes are done. The refetches render the pages again (on whichever instance the
 * cache sends them to), so they are the route's warming when a cache is in front. Resolves true
 * when the cache took the purge; false without a cache or when it does not answer (logged: the
 * pages then fall back to the cache's own expiry, Cache-Control). Never throws. Call it after the
 * tags are expired in Next.js (from `after()` in the route), or the cache would refetch the old
 * page.
 */
export function purgeCache(
  tags: string[],
  paths: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  const run = purging.then(() => purgeNow(tags, paths, env))
  purging = run
  return run
}

async function purgeNow(
  tags: string[],
  paths: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  const base = cachePurgeUrl(env)
  const pattern = banPattern(tags, paths)
  if (!base || !pattern) return false
  try {
    const response = await fetch(`${base}/`, {
      method: 'PURGE',
      cache: 'no-store',
      headers: { 'x-ban-url': pattern },
      signal: AbortSignal.timeout(PURGE_TIMEOUT_MS),
    })
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`)
  } catch (error) {
    console.error(`cache purge: ${base} did not purge ${pattern}: ${(error as Error).message}`)
    return false
  }
  // A few at a time and in the route's order, like its own warming: the site renders each page
  // once for both, and readers' requests are not queued behind a story's fifty pages.
  const queue = [...paths]
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      try {
        const response = await fetch(`${base}${path}`, {
          headers: { 'x-cache-refresh': '1' },
          cache: 'no-store',
          signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
        })
        await response.arrayBuffer()
      } catch (error) {
        console.error(`cache purge: refetching ${path} through ${base}: ${(error as Error).message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: REFRESH_CONCURRENCY }, worker))
  return true
}
