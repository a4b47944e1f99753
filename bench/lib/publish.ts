// Publish-to-live: an editor's publish (a real `sanity.action.document.publish` through
// @sanity/client, on a draft of the story), timed from the lake's acknowledgement to the first
// response that carries the new HTML, watched at the slide page and the story page at once.
import { createClient, type SanityClient, type SanityDocument } from '@sanity/client'
import { API, DATASET } from './lake.ts'
import { sleep } from './proc.ts'

export interface PublishSample {
  /** ms from the lake acknowledging the publish action to the first response with the new HTML. */
  slideMs: number
  storyMs: number
  /** ms the publish action itself took (client call to acknowledgement). */
  actionMs: number
  /** Requests each watcher made before it saw the change. */
  slidePolls: number
  storyPolls: number
}

export interface PublishOptions {
  lakeUrl: string
  /** Where readers fetch: `next start` itself, or the cache tier in front of it. */
  readerBase: string
  storyId: string
  slidePath: string
  storyPath: string
  publishes: number
  timeoutMs?: number
}

function client(lakeUrl: string): SanityClient {
  return createClient({
    projectId: 'local',
    dataset: DATASET,
    apiHost: lakeUrl,
    useProjectHostname: false,
    apiVersion: API.slice(1),
    useCdn: false,
  })
}

interface Watch {
  done: Promise<{ at: number; polls: number }>
  stop: () => void
}

/** Requests `url` back to back (2 ms apart) until the body contains `marker`; `at` is when that body ended. */
function watch(url: string, marker: string, deadline: number): Watch {
  let stopped = false
  const done = (async () => {
    let polls = 0
    while (!stopped) {
      if (performance.now() > deadline) throw new Error(`${url} never showed ${marker}`)
      polls++
      try {
        const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } })
        const body = await response.text()
        if (body.includes(marker)) return { at: performance.now(), polls }
      } catch {
        // A refused or reset connection: keep watching, the deadline decides.
      }
      await sleep(2)
    }
    return { at: Number.NaN, polls }
  })()
  return {
    done,
    stop: () => {
      stopped = true
    },
  }
}

/**
 * Per publish: writes a draft whose first slide heading carries a new marker (not timed), starts
 * watching both pages, sends the publish action, and waits for both pages to show the marker.
 */
export async function measurePublishToLive(options: PublishOptions): Promise<PublishSample[]> {
  const sanity = client(options.lakeUrl)
  const published = await sanity.getDocument<SanityDocument & { slides: Array<{ heading?: string }> }>(
    options.storyId,
  )
  if (!published) throw new Error(`no published ${options.storyId}`)
  const { _rev, _createdAt, _updatedAt, ...base } = published
  const originalHeading = published.slides[0]?.heading ?? ''
  const samples: PublishSample[] = []
  // One untimed publish first: the first webhook after start loads the route's code.
  for (let index = -1; index < options.publishes; index++) {
    const marker = `bench-${Date.now().toString(36)}-${index}`
    const draftId = `drafts.${options.storyId}`
    const slides = base.slides.map((slide, n) =>
      n === 0
        ? { ...slide, heading: `${originalHeading.replace(/ \[bench-[^\]]+\]$/, '')} [${marker}]` }
        : slide,
    )
    await sanity.createOrReplace({ ...base, _id: draftId, slides })
    const deadline = performance.now() + (options.timeoutMs ?? 30_000)
    const slideWatch = watch(`${options.readerBase}${options.slidePath}`, marker, deadline)
    const storyWatch = watch(`${options.readerBase}${options.storyPath}`, marker, deadline)
    const actionStarted = performance.now()
    try {
      await sanity.action({
        actionType: 'sanity.action.document.publish',
        draftId,
        publishedId: options.storyId,
      })
      const acknowledged = performance.now()
      const [slide, story] = await Promise.all([slideWatch.done, storyWatch.done])
      if (index >= 0)
        samples.push({
          slideMs: slide.at - acknowledged,
          storyMs: story.at - acknowledged,
          actionMs: acknowledged - actionStarted,
          slidePolls: slide.polls,
          storyPolls: story.polls,
        })
    } finally {
      slideWatch.stop()
      storyWatch.stop()
    }
    // Let the route's background work (warming, purging) finish before the next publish.
    await sleep(300)
  }
  // Leave the story as it was (one more publish, not timed).
  const restored = base.slides.map((slide, n) => (n === 0 ? { ...slide, heading: originalHeading } : slide))
  await sanity.createOrReplace({ ...base, _id: `drafts.${options.storyId}`, slides: restored })
  await sanity.action({
    actionType: 'sanity.action.document.publish',
    draftId: `drafts.${options.storyId}`,
    publishedId: options.storyId,
  })
  return samples
}
