// Publish-to-live: an editor's publish (a real `sanity.action.document.publish` through
// @sanity/client, on a draft of the story), timed from the lake's acknowledgement to the first
// response that carries the new HTML, watched at the slide page and the story page at once.
// Two edits: the first slide's heading (the pages showing that slide) and the story's title
// (every page of the story). With the site's output, also how many pages each publish rendered.
import { readFileSync } from 'node:fs'
import { createClient, type SanityClient, type SanityDocument } from '@sanity/client'
import { API, DATASET } from './lake.ts'
import { sleep } from './proc.ts'

/** What each publish changes: the first slide's heading, or the story's title. */
export type PublishEdit = 'slide' | 'title'

export interface PublishSample {
  /** ms from the lake acknowledging the publish action to the first response with the new HTML. */
  slideMs: number
  storyMs: number
  /** ms the publish action itself took (client call to acknowledgement). */
  actionMs: number
  /** Requests each watcher made before it saw the change. */
  slidePolls: number
  storyPolls: number
  /** Pages the site rendered for this publish (its `render <path>` lines), when its output was given. */
  pagesRendered?: number
}

export interface PublishOptions {
  lakeUrl: string
  /** Where readers fetch: `next start` itself, or the cache tier in front of it. */
  readerBase: string
  storyId: string
  slidePath: string
  storyPath: string
  publishes: number
  edit: PublishEdit
  /** The site's output file (`next start`'s log), to count the pages each publish rendered. */
  siteLog?: string
  timeoutMs?: number
}

export interface Editable {
  title: string
  slides: Array<{ heading?: string }>
}
export type Story = SanityDocument & Editable

/** `story` with `marker` in the edited field; the marker of an earlier publish is replaced. */
export function edited<T extends Editable>(story: T, edit: PublishEdit, marker: string): T {
  const withMarker = (text = '') => `${text.replace(/ \[bench-[^\]]+\]$/, '')} [${marker}]`
  if (edit === 'title') return { ...story, title: withMarker(story.title) }
  const slides = story.slides.map((slide, n) =>
    n === 0 ? { ...slide, heading: withMarker(slide.heading) } : slide,
  )
  return { ...story, slides }
}

function outputSize(log: string): number {
  return readFileSync(log).length
}

/**
 * Waits until the site says it has rendered again the pages of `transactionId`'s webhook
 * (`revalidate <id>: rendered N pages again`, apps/web/app/api/revalidate/route.ts) and counts
 * the `render <path>` lines it printed since `from`.
 */
async function pagesRendered(
  log: string,
  from: number,
  transactionId: string,
  deadline: number,
): Promise<number> {
  for (;;) {
    const text = readFileSync(log).subarray(from).toString('utf8')
    const done = text.indexOf(`revalidate ${transactionId}: rendered`)
    if (done >= 0) return [...text.slice(0, done).matchAll(/^render \S+$/gm)].length
    if (performance.now() > deadline)
      throw new Error(`the site never finished rendering for ${transactionId}`)
    await sleep(20)
  }
}

export function client(lakeUrl: string): SanityClient {
  return createClient({
    projectId: 'local',
    dataset: DATASET,
    apiHost: lakeUrl,
    useProjectHostname: false,
    apiVersion: API.slice(1),
    useCdn: false,
  })
}

export interface Watch {
  done: Promise<{ at: number; polls: number }>
  stop: () => void
}

/** Requests `url` back to back (2 ms apart) until the body contains `marker`; `at` is when that body ended. */
export function watch(url: string, marker: string, deadline: number): Watch {
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
 * Per publish: writes a draft with a new marker in the edited field (not timed), starts watching
 * both pages, sends the publish action, and waits for both pages to show the marker and, with
 * the site's output, for the site to finish rendering.
 */
export async function measurePublishToLive(options: PublishOptions): Promise<PublishSample[]> {
  const sanity = client(options.lakeUrl)
  const published = await sanity.getDocument<Story>(options.storyId)
  if (!published) throw new Error(`no published ${options.storyId}`)
  const { _rev, _createdAt, _updatedAt, ...base } = published
  const draftId = `drafts.${options.storyId}`
  const publishDraft = async () => {
    const { transactionId } = await sanity.action({
      actionType: 'sanity.action.document.publish',
      draftId,
      publishedId: options.storyId,
    })
    return transactionId
  }
  const samples: PublishSample[] = []
  // One untimed publish first: the first webhook after start loads the route's code.
  for (let index = -1; index < options.publishes; index++) {
    const marker = `bench-${Date.now().toString(36)}-${index}`
    await sanity.createOrReplace({ ...edited(base, options.edit, marker), _id: draftId })
    const deadline = performance.now() + (options.timeoutMs ?? 30_000)
    const from = options.siteLog ? outputSize(options.siteLog) : 0
    const slideWatch = watch(`${options.readerBase}${options.slidePath}`, marker, deadline)
    const storyWatch = watch(`${options.readerBase}${options.storyPath}`, marker, deadline)
    const actionStarted = performance.now()
    try {
      const transactionId = await publishDraft()
      const acknowledged = performance.now()
      const [slide, story] = await Promise.all([slideWatch.done, storyWatch.done])
      // Also lets the route's background work (warming, purging) finish before the next publish.
      const rendered = options.siteLog
        ? await pagesRendered(options.siteLog, from, transactionId, deadline)
        : await sleep(300)
      if (index >= 0)
        samples.push({
          slideMs: slide.at - acknowledged,
          storyMs: story.at - acknowledged,
          actionMs: acknowledged - actionStarted,
          slidePolls: slide.polls,
          storyPolls: story.polls,
          ...(rendered === undefined ? {} : { pagesRendered: rendered }),
        })
    } finally {
      slideWatch.stop()
      storyWatch.stop()
    }
  }
  // Leave the story as it was (one more publish, not timed).
  await sanity.createOrReplace({ ...base, _id: draftId })
  await publishDraft()
  return samples
}
