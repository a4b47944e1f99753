// Embargo-to-live: a release holding a version of the story (a new marker in the first slide's
// heading) is scheduled a little ahead through @sanity/client, as the Studio schedules it; the
// lake's scheduler publishes it at `publishAt`. Timed from `publishAt` (wall clock) to the first
// reader response that carries the marker. A response carrying it before `publishAt` is an
// embargo broken, and fails the phase rather than counting as a fast sample.
import { client, edited, type Story, watch } from './publish.ts'

export interface ScheduledSample {
  /** ms from `publishAt` to the first response with the new HTML. */
  slideMs: number
  storyMs: number
  /** How far ahead of `publishAt` the schedule action was acknowledged, ms. */
  leadMs: number
}

export interface ScheduledOptions {
  lakeUrl: string
  readerBase: string
  storyId: string
  slidePath: string
  storyPath: string
  schedules: number
  /** How far ahead each release is scheduled. */
  leadMs?: number
  timeoutMs?: number
}

const wallClock = (monotonic: number) => performance.timeOrigin + monotonic

export async function measureScheduledPublish(options: ScheduledOptions): Promise<ScheduledSample[]> {
  const sanity = client(options.lakeUrl)
  const published = await sanity.getDocument<Story>(options.storyId)
  if (!published) throw new Error(`no published ${options.storyId}`)
  const { _rev, _createdAt, _updatedAt, _id, ...base } = published
  const lead = options.leadMs ?? 2_000
  const samples: ScheduledSample[] = []
  for (let index = 0; index < options.schedules; index++) {
    const marker = `bench-${Date.now().toString(36)}-s${index}`
    const { releaseId } = await sanity.releases.create({
      metadata: { title: `Bench embargo ${index}`, releaseType: 'scheduled' },
    })
    await sanity.createVersion({
      releaseId,
      publishedId: options.storyId,
      document: edited(base, 'slide', marker),
    })
    const publishAt = Date.now() + lead
    const deadline = performance.now() + lead + (options.timeoutMs ?? 30_000)
    const slideWatch = watch(`${options.readerBase}${options.slidePath}`, marker, deadline)
    const storyWatch = watch(`${options.readerBase}${options.storyPath}`, marker, deadline)
    try {
      await sanity.releases.schedule({ releaseId, publishAt: new Date(publishAt).toISOString() })
      const leadMs = publishAt - Date.now()
      const [slide, story] = await Promise.all([slideWatch.done, storyWatch.done])
      const sample = {
        slideMs: wallClock(slide.at) - publishAt,
        storyMs: wallClock(story.at) - publishAt,
        leadMs,
      }
      if (sample.slideMs < 0 || sample.storyMs < 0)
        throw new Error(`release ${releaseId} showed before its publishAt (${JSON.stringify(sample)})`)
      samples.push(sample)
    } finally {
      slideWatch.stop()
      storyWatch.stop()
    }
  }
  // Leave the story as it was (a plain publish of the original content, not timed).
  const draftId = `drafts.${options.storyId}`
  await sanity.createOrReplace({ ...base, _id: draftId })
  await sanity.action({ actionType: 'sanity.action.document.publish', draftId, publishedId: options.storyId })
  return samples
}
