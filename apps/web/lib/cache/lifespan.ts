import type { LifespanParameters } from '@fortedigital/nextjs-cache-handler/cache-handler.types'

/**
 * How long Next.js may serve a page stale before it must render it again while the reader waits:
 * its `expireTime`, which next.config.ts leaves at the default of one year. Pages say
 * `s-maxage=3600, stale-while-revalidate=31532400`: the two add up to this.
 */
export const EXPIRE_SECONDS = 31_536_000

/**
 * An entry's times, in the form @fortedigital/nextjs-cache-handler's Redis store keeps them: it
 * sets the key's TTL to `expireAt`. Its own default is 1.5 × `revalidate` (an hour and a half for
 * our pages), after which Redis drops a page Next.js would still serve stale for a year; here an
 * entry lives as long as Next.js may serve it, and is replaced by each render long before.
 */
export function lifespanOf(lastModified: number, revalidate: number | false | undefined): LifespanParameters {
  const lastModifiedAt = Math.floor(lastModified / 1000)
  const staleAge = revalidate || EXPIRE_SECONDS
  const expireAge = Math.max(staleAge, EXPIRE_SECONDS)
  return {
    lastModifiedAt,
    staleAge,
    staleAt: lastModifiedAt + staleAge,
    expireAge,
    expireAt: lastModifiedAt + expireAge,
    revalidate,
  }
}

/** Past its `revalidate`: Next.js serves it and renders it again in the background. */
export function isStale(lifespan: LifespanParameters | null, now = Date.now()): boolean {
  return lifespan !== null && lifespan.staleAt * 1000 <= now
}
