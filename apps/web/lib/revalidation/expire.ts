import 'server-only'
import { revalidatePath, revalidateTag } from 'next/cache'
import { recordExpiry } from '../cache/expiries'
import { pathTags } from '../cache/pathTags'
import { connectRedis, type Redis, whenReady } from '../cache/redis'
import type { Invalidation } from './tags'

/** The shared cache did not record an expiry: the publish is not done, the sender must retry. */
export class ExpiryNotRecorded extends Error {}

let redis: Redis | undefined

/**
 * Expires the pages of a publish. With the shared cache (REDIS_URL, lib/cache/handler.ts), on
 * every instance at once: this resolves only once Redis has recorded it, and throws
 * ExpiryNotRecorded when it did not, so the webhook is answered with an error and delivered again.
 * Next's own `revalidateTag` would record it only after the response has gone out, and then
 * again, expiring the pages this publish has just rendered. Without the shared cache, in this
 * process, by Next's functions as before: pages by path, and by tag for bodies of an older
 * webhook projection.
 */
export async function expire({ tags, paths }: Invalidation, env = process.env): Promise<void> {
  const url = env.REDIS_URL?.trim()
  if (!url) {
    for (const tag of tags) revalidateTag(tag, { expire: 0 })
    for (const path of paths) revalidatePath(path)
    return
  }
  redis ??= connectRedis(url, 'revalidate')
  await whenReady(redis)
  try {
    await recordExpiry(redis, [...tags, ...paths.flatMap(pathTags)])
  } catch (error) {
    throw new ExpiryNotRecorded((error as Error).message)
  }
}
