/**
 * Lets one publish's expire-and-render run at a time, in the order the webhooks arrived. Side by
 * side, a publish arriving while the pages of the one before are still rendering would have Next
 * fold its render into the one already running (same page, same moment): the older page is then
 * stored as fresh after the newer expiry and readers keep it until the next publish. Measured in
 * the bench: two publishes a few milliseconds apart left the story page on the first.
 *
 * A holder that never lets go (a render that hangs) holds the next one back `maxWaitMs` at most.
 */
export function oneAtATime(maxWaitMs: number): () => Promise<() => void> {
  let last: Promise<void> = Promise.resolve()
  return async () => {
    const before = last
    let release = () => {}
    last = new Promise<void>((resolve) => {
      release = resolve
    })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([before, new Promise((resolve) => (timer = setTimeout(resolve, maxWaitMs)))])
    clearTimeout(timer)
    return release
  }
}
