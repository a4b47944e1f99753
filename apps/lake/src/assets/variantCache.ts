import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { writeFileAtomically } from './assetFiles.ts'
import type { ImageTransform } from './transformParams.ts'

/** Bump when rendering changes what a transform produces, so stale variants stop being served. */
const RENDERER_VERSION = 1

/** Names a variant: the source's hash and everything that shapes the output, format included. */
export function variantKey(sha1: string, transform: ImageTransform): string {
  return createHash('sha1')
    .update(`${RENDERER_VERSION}\n${sha1}\n${JSON.stringify(transform)}`)
    .digest('hex')
    .slice(0, 20)
}

/** How a request got its variant: from disk, by rendering it, or by waiting for another's render. */
export type Variant =
  | { origin: 'cached'; path: string; size: number }
  | { origin: 'rendered' | 'joined'; bytes: Buffer }

const rendering = new Map<string, Promise<Buffer>>()

/**
 * The variant stored at `path`, rendered and stored first if it is not there yet. Requests that
 * arrive while it renders share that one render. Writes are atomic, so a file that exists is
 * complete.
 */
export async function cachedVariant(path: string, render: () => Promise<Buffer>): Promise<Variant> {
  const stored = await stat(path).catch(() => undefined)
  if (stored) return { origin: 'cached', path, size: stored.size }
  const pending = rendering.get(path)
  if (pending) return { origin: 'joined', bytes: await pending }
  const job = render()
    .then(async (bytes) => {
      await writeFileAtomically(path, bytes)
      return bytes
    })
    .finally(() => rendering.delete(path))
  rendering.set(path, job)
  return { origin: 'rendered', bytes: await job }
}
