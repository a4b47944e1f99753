import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idKey, syncTag, typeKey } from '../src/groq/syncTags.ts'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for live events')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * An id and type for a document unrelated to a query with `syncTags`: ids and types share hashed
 * tag slots (syncTags.ts), so a random pair collides with the query's slot about once in 60 runs.
 */
function unrelatedTo(syncTags: string[], prefix: string): { id: string; type: string } {
  for (let attempt = 0; ; attempt++) {
    const candidate = { id: uniqueId('unrelated'), type: `${prefix}_other${attempt}` }
    const tags = [syncTag(idKey(candidate.id)), syncTag(typeKey(candidate.type))]
    if (!tags.some((tag) => syncTags.includes(tag))) return candidate
  }
}

describe('Live Content API', () => {
  it('sends a message carrying a sync tag of a query result when a document in it changes', async () => {
    const type = uniqueId('live').replace(/-/g, '_')
    const id = uniqueId('live-doc')
    const client = target.client()
    await client.create({ _id: id, _type: type, title: 'Before' })
    const { result, syncTags } = await client.fetch(
      `*[_type == $type]{title}`,
      { type },
      { filterResponse: false },
    )
    expect(result).toEqual([{ title: 'Before' }])
    expect(syncTags?.length).toBeGreaterThan(0)

    const messages: Array<{ id: string; tags: string[] }> = []
    let welcomed = false
    const subscription = client.live.events().subscribe((event) => {
      if (event.type === 'welcome') welcomed = true
      if (event.type === 'message') messages.push({ id: event.id, tags: event.tags })
    })
    await until(() => welcomed)

    const unrelated = unrelatedTo(syncTags ?? [], type)
    await client.create({ _id: unrelated.id, _type: unrelated.type })
    await client.patch(id).set({ title: 'After' }).commit()
    await until(() => messages.length >= 2)
    subscription.unsubscribe()

    const [unrelatedMessage, related] = messages
    expect(unrelatedMessage?.tags.some((tag) => syncTags?.includes(tag as `s1:${string}`))).toBe(false)
    expect(related?.tags.some((tag) => syncTags?.includes(tag as `s1:${string}`))).toBe(true)
  })

  it('tags a dereferenced document, so changing an author refreshes the book query', async () => {
    const authorId = uniqueId('author')
    const bookId = uniqueId('book')
    const client = target.client()
    await client
      .transaction()
      .create({ _id: authorId, _type: 'liveAuthor', name: 'A' })
      .create({ _id: bookId, _type: 'liveBook', author: { _type: 'reference', _ref: authorId } })
      .commit()
    const { syncTags } = await client.fetch(
      '*[_id == $bookId][0]{"author": author->name}',
      { bookId },
      {
        filterResponse: false,
      },
    )
    const messages: string[][] = []
    let welcomed = false
    const subscription = client.live.events().subscribe((event) => {
      if (event.type === 'welcome') welcomed = true
      if (event.type === 'message') messages.push(event.tags)
    })
    await until(() => welcomed)
    await client.patch(authorId).set({ name: 'B' }).commit()
    await until(() => messages.length >= 1)
    subscription.unsubscribe()
    expect(messages[0]?.some((tag) => syncTags?.includes(tag as `s1:${string}`))).toBe(true)
  })

  it('refreshes a drafts preview of a story when a draft of a person it shows changes', async () => {
    const personId = uniqueId('live-person')
    const storyId = uniqueId('live-story')
    const client = target.client()
    await client
      .transaction()
      .create({ _id: personId, _type: 'livePerson', name: 'Published name' })
      .create({
        _id: storyId,
        _type: 'liveStory',
        people: [{ _type: 'reference', _ref: personId, _key: 'p' }],
      })
      .commit()
    await client.create({ _id: `drafts.${personId}`, _type: 'livePerson', name: 'Draft name' })
    const { result, syncTags } = await client.fetch(
      '*[_id == $storyId][0]{"people": people[]->name}',
      { storyId },
      { filterResponse: false, perspective: 'drafts' },
    )
    expect(result).toEqual({ people: ['Draft name'] })

    const drafts = await listen(client, true)
    const anonymous = await listen(target.client({ anonymous: true }), false)
    await client.patch(`drafts.${personId}`).set({ name: 'Edited draft' }).commit()
    await until(() => drafts.messages.length >= 1)
    // Something published afterwards, so the anonymous listener has provably caught up.
    await client.create({ _id: uniqueId('live-marker'), _type: 'liveMarker' })
    await until(() => anonymous.messages.length >= 1 && drafts.messages.length >= 2)
    drafts.close()
    anonymous.close()

    expect(drafts.messages[0]?.some((tag) => syncTags?.includes(tag as `s1:${string}`))).toBe(true)
    // Anonymous listeners hear nothing of the draft: the only message is the published marker.
    expect(anonymous.messages).toHaveLength(1)
    expect(anonymous.messages[0]).toEqual(drafts.messages[1])
  })

  it('refuses draft events to an anonymous caller', async () => {
    const response = await fetch(
      `${target.url}/v2025-02-19/data/live/events/${target.dataset}?includeDrafts=true`,
    )
    expect(response.status).toBe(403)
    await response.body?.cancel()
  })

  it('keeps a query over hundreds of documents within 128 tags, and a change to any of them still hits', async () => {
    const client = target.client()
    const ids = Array.from({ length: 300 }, (_, index) => uniqueId(`live-many-${index}`))
    const transaction = client.transaction()
    for (const id of ids) transaction.create({ _id: id, _type: 'liveMany', n: 1 })
    await transaction.commit()
    const hubId = uniqueId('live-hub')
    await client.create({
      _id: hubId,
      _type: 'liveHub',
      refs: ids.map((id, index) => ({ _type: 'reference', _ref: id, _key: `k${index}` })),
    })
    const { result, syncTags } = await client.fetch(
      '*[_id == $hubId][0]{"ns": refs[]->n}',
      { hubId },
      { filterResponse: false },
    )
    expect((result as { ns: number[] }).ns).toHaveLength(300)
    expect(new Set(syncTags).size).toBe(syncTags?.length)
    expect(syncTags?.length).toBeLessThanOrEqual(128)

    const events = await listen(client, false)
    const sample = [ids[0], ids[150], ids[299]] as string[]
    for (const id of sample) await client.patch(id).inc({ n: 1 }).commit()
    await until(() => events.messages.length >= sample.length)
    events.close()
    for (const tags of events.messages) {
      expect(tags.some((tag) => syncTags?.includes(tag as `s1:${string}`))).toBe(true)
    }
  })
})

/** Live events from `client` once the lake has welcomed it: the tags of each message, in order. */
async function listen(client: SanityClient, includeDrafts: boolean) {
  const messages: string[][] = []
  let welcomed = false
  const subscription = client.live.events({ includeDrafts }).subscribe((event) => {
    if (event.type === 'welcome') welcomed = true
    if (event.type === 'message') messages.push(event.tags)
  })
  await until(() => welcomed)
  return { messages, close: () => subscription.unsubscribe() }
}
