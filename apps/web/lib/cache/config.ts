import type { NextConfig } from 'next'
import { PHASE_PRODUCTION_SERVER } from 'next/constants'

/**
 * The shared cache (lib/cache/handler.ts) for `next start` when REDIS_URL is set; nothing
 * otherwise, so one machine runs as before and needs no Redis. Next.js reads `cacheHandler` from
 * the config it loads when the server starts, not from the build: one build serves with and
 * without it. `next build` and `next dev` never use it. Next's in-memory cache is switched off
 * with it (`cacheMaxMemorySize: 0`), or each instance would keep serving its own copy of a page
 * after another instance expired it.
 */
export function sharedCacheConfig(
  phase: string,
  handlerPath: string,
  env: Record<string, string | undefined> = process.env,
): Pick<NextConfig, 'cacheHandler' | 'cacheMaxMemorySize'> {
  if (phase !== PHASE_PRODUCTION_SERVER || !env.REDIS_URL?.trim()) return {}
  return { cacheHandler: handlerPath, cacheMaxMemorySize: 0 }
}
