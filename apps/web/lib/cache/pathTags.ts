/*
 * The tags `revalidatePath(path)` expires, as Next.js 16.4.6 makes them
 * (next/dist/server/web/spec-extension/revalidate.js): every page entry carries its own path's
 * tag among its cache tags. The shared cache records expiries itself, so it needs the same names.
 */

const IMPLICIT_TAG_PREFIX = '_N_T_'

/** Next's encodeHeaderSafe: anything but tab and printable ASCII is percent-encoded. */
function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e]+/g, (run) => encodeURIComponent(run))
}

export function pathTags(path: string): string[] {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path
  const tag = `${IMPLICIT_TAG_PREFIX}${headerSafe(trimmed)}`
  // The home page is cached as both `/` and `/index`.
  if (trimmed === '/') return [tag, `${IMPLICIT_TAG_PREFIX}/index`]
  if (trimmed === '/index') return [tag, `${IMPLICIT_TAG_PREFIX}/`]
  return [tag]
}
