const WARM_CONCURRENCY = 4

/**
 * Renders the pages again a few at a time: all at once, a story's fifty pages would compete with
 * readers' requests for the CPU right after every publish.
 */
export async function warm(origin: string, paths: string[]): Promise<void> {
  const queue = [...paths]
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      await fetch(new URL(path, origin), { cache: 'no-store' })
        .then((response) => response.arrayBuffer())
        .catch(() => undefined)
    }
  }
  await Promise.all(Array.from({ length: WARM_CONCURRENCY }, worker))
}
