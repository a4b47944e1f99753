import { EPOCH_KEY, EXPIRIES_KEY } from './keys.ts'
import { type Redis, timed } from './redis.ts'

/*
 * When each cache tag was last expired, shared by every instance. Times are epochs of one Redis
 * counter rather than any machine's clock: an entry carries the epoch read when the render that
 * made it began, and it is served only while none of its tags was expired at a later epoch. So a
 * render that began before a publish is never taken for one that began after it, whichever
 * instance rendered it and however its clock runs, and a page a starting instance finds in its
 * build (epoch 0) is never served once any of its tags was expired.
 */

// Counting and recording in one step: a render that reads the counter after the count sees
// every tag of this expiry already recorded.
const RECORD_EXPIRY = `
local epoch = redis.call('INCR', KEYS[1])
for _, tag in ipairs(ARGV) do
  redis.call('HSET', KEYS[2], tag, epoch)
end
return epoch`

/** Expires `tags` for every instance; resolves once Redis has recorded it, else rejects. */
export async function recordExpiry(client: Redis, tags: string[]): Promise<number> {
  const epoch = await timed(client).eval(RECORD_EXPIRY, { keys: [EPOCH_KEY, EXPIRIES_KEY], arguments: tags })
  return Number(epoch)
}

/** The epoch now: what a render beginning now is as fresh as. */
export async function currentEpoch(client: Redis): Promise<number> {
  return Number((await timed(client).get(EPOCH_KEY)) ?? 0)
}

/** Whether any of `tags` was expired after `epoch`. Rejects when Redis cannot say. */
export async function expiredAfter(client: Redis, tags: readonly string[], epoch: number): Promise<boolean> {
  if (tags.length === 0) return false
  const epochs = await timed(client).hmGet(EXPIRIES_KEY, [...tags])
  return epochs.some((expired) => expired !== null && Number(expired) > epoch)
}
