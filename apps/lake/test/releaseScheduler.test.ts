import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

/** Bodies the lake's webhook delivered, as a site's revalidate route would receive them. */
async function startReceiver() {
  const bodies: Array<Record<string, unknown>> = []
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
    res.writeHead(200).end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let target: Target
let receiver: Awaited<ReturnType<typeof startReceiver>>
beforeAll(async () => {
  receiver = await startReceiver()
  target = await startTarget({
    webhooks: [
      {
        name: 'site',
        url: receiver.url,
        dataset: 'production',
        on: ['create', 'update', 'delete'],
        filter: '_type == "article"',
        projection: '{_id, title}',
        includeDrafts: false,
        secret: 'scheduler-test-secret',
      },
    ],
  })
})
afterAll(async () => {
  await target.close()
  await receiver.close()
})

const releaseId = () => `r${Math.random().toString(36).slice(2, 10)}`

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The states a release document passes through, as a listener hears them, once it listens. */
async function watchStates(client: SanityClient, id: string): Promise<{ states: string[]; stop(): void }> {
  const states: string[] = []
  let welcomed: () => void = () => {}
  const listening = new Promise<void>((resolve) => {
    welcomed = resolve
  })
  const subscription = client
    .listen(
      '*[_id == $id]',
      { id: `_.releases.${id}` },
      { includeResult: true, events: ['welcome', 'mutation'] },
    )
    .subscribe((event) => {
      if (event.type === 'welcome') welcomed()
      const state = (event as { result?: { state?: string } }).result?.state
      if (state) states.push(state)
    })
  await listening
  return { states, stop: () => subscription.unsubscribe() }
}

async function scheduledStory(inMs: number, options: { cardinality?: 'one' } = {}) {
  const client = target.client()
  const storyId = uniqueId('embargo')
  await client.create({ _id: storyId, _type: 'article', title: 'Before' })
  await client.create({ _id: `drafts.${storyId}`, _type: 'article', title: 'After' })
  const { releaseId: id } = await client.releases.create({
    releaseId: releaseId(),
    metadata: { title: 'Embargo', releaseType: 'scheduled', ...options },
  })
  await client.createVersion({ baseId: `drafts.${storyId}`, publishedId: storyId, releaseId: id })
  const publishAt = new Date(Date.now() + inMs).toISOString()
  return { client, storyId, releaseId: id, publishAt }
}

describe('the release scheduler', () => {
  it('publishes a scheduled release at publishAt, not before, through publishing to published', async () => {
    const { client, storyId, releaseId: id, publishAt } = await scheduledStory(3_000)
    const watcher = await watchStates(client, id)
    await client.releases.schedule({ releaseId: id, publishAt })
    expect(await client.getDocument(storyId)).toMatchObject({ title: 'Before' })

    const release = await until(
      () => client.releases.get({ releaseId: id }),
      (doc) => doc?.state === 'published',
    )
    // The listener hears of it a moment after the lake answers.
    await until(
      async () => watcher.states,
      (states) => states.includes('published'),
    )
    watcher.stop()
    expect(Date.parse(release?.publishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(publishAt))
    expect(await client.getDocument(storyId)).toMatchObject({ title: 'After' })
    expect(await client.getDocument(`versions.${id}.${storyId}`)).toBeUndefined()
    expect(watcher.states).toEqual(['scheduled', 'publishing', 'published'])

    // Its transaction reaches webhooks like any publish: that is how the site goes live on time.
    const delivered = await until(
      async () => receiver.bodies.filter((body) => body._id === storyId),
      (bodies) => bodies.some((body) => body.title === 'After'),
    )
    expect(delivered.at(-1)).toEqual({ _id: storyId, title: 'After' })
  })

  it('a scheduled draft (a release of one document) publishes the same way', async () => {
    const { client, storyId, releaseId: id, publishAt } = await scheduledStory(800, { cardinality: 'one' })
    await client.releases.schedule({ releaseId: id, publishAt })
    await until(
      () => client.getDocument(storyId),
      (doc) => doc?.title === 'After',
    )
    expect(await client.releases.get({ releaseId: id })).toMatchObject({
      state: 'published',
      metadata: { cardinality: 'one' },
    })
  })

  it('an unscheduled release stays unpublished past its old publishAt', async () => {
    const { client, storyId, releaseId: id, publishAt } = await scheduledStory(600)
    await client.releases.schedule({ releaseId: id, publishAt })
    await client.releases.unschedule({ releaseId: id })
    // A second release due later than the first one's old time: once it has published, the
    // scheduler has run past that time.
    const later = await scheduledStory(1_200)
    await later.client.releases.schedule({ releaseId: later.releaseId, publishAt: later.publishAt })
    await until(
      () => client.getDocument(later.storyId),
      (doc) => doc?.title === 'After',
    )
    expect(await client.getDocument(storyId)).toMatchObject({ title: 'Before' })
    expect((await client.releases.get({ releaseId: id }))?.state).toBe('active')
  })

  it('a release scheduled for a time already past is due at once', async () => {
    const { client, storyId, releaseId: id } = await scheduledStory(0)
    await client.releases.schedule({ releaseId: id, publishAt: '2020-01-01T06:00:00Z' })
    await until(
      () => client.releases.get({ releaseId: id }),
      (release) => release?.state === 'published',
    )
    expect(await client.getDocument(storyId)).toMatchObject({ title: 'After' })
  })

  it('a release whose publish is refused fails as on hosted: active again, with the reason, not retried; scheduling it again after the fix publishes it', async () => {
    const client = target.client()
    const personId = uniqueId('person')
    const storyId = uniqueId('refused')
    await client.create({ _id: personId, _type: 'person', name: 'Gone by then' })
    const { releaseId: id } = await client.releases.create({
      releaseId: releaseId(),
      metadata: { title: 'Refused', releaseType: 'scheduled' },
    })
    await client.createVersion({
      releaseId: id,
      publishedId: storyId,
      document: {
        _type: 'article',
        title: 'Names a person',
        people: [{ _key: 'p', _type: 'reference', _ref: personId }],
      },
    })
    // Only a release version refers to the person, so it may go; the release's publish then may not.
    await client.delete(personId)
    const watcher = await watchStates(client, id)
    await client.releases.schedule({ releaseId: id, publishAt: new Date(Date.now() + 500).toISOString() })
    const failed = await until(
      () => client.releases.get({ releaseId: id }),
      (release) => release?.state === 'active',
    )
    expect(failed?.error?.message).toContain(`references non-existent document "${personId}"`)
    expect(failed?.publishAt).toBeUndefined()
    expect(failed?.metadata).toMatchObject({ releaseType: 'scheduled' })
    expect(await client.getDocument(storyId)).toBeUndefined()
    await until(
      async () => watcher.states,
      (states) => states.includes('active'),
    )

    // Fixed by the editor and scheduled again: it publishes, and the failure is gone.
    await client.create({ _id: personId, _type: 'person', name: 'Back again' })
    await client.releases.schedule({ releaseId: id, publishAt: new Date(Date.now() + 500).toISOString() })
    const published = await until(
      () => client.releases.get({ releaseId: id }),
      (release) => release?.state === 'published',
    )
    // The listener hears of it a moment after the lake answers (each event's filter is decided in
    // a query worker); what it heard is compared once it has heard the end.
    await until(
      async () => watcher.states,
      (states) => states.includes('published'),
    )
    watcher.stop()
    expect(published?.error).toBeUndefined()
    expect(await client.getDocument(storyId)).toMatchObject({ title: 'Names a person' })
    // One attempt failed, once: no retries between it and the editor's fix.
    expect(watcher.states).toEqual([
      'scheduled',
      'publishing',
      'active',
      'scheduled',
      'publishing',
      'published',
    ])
  })

  it('a rescheduled release publishes at its new time', async () => {
    const { client, storyId, releaseId: id } = await scheduledStory(0)
    await client.releases.schedule({
      releaseId: id,
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const soon = new Date(Date.now() + 700).toISOString()
    await client.releases.schedule({ releaseId: id, publishAt: soon })
    await until(
      () => client.getDocument(storyId),
      (doc) => doc?.title === 'After',
    )
  })
})
