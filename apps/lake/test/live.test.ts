import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

describe('Live Content API', () => {
  it('sends a message carrying a sync tag of a query result when a document in it changes', async () => {
    const type = uniqueId('live').replace(/-/g, '_')
    const otherType = `${type}_other`
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

    await client.create({ _id: uniqueId('unrelated'), _type: otherType })
    await client.patch(id).set({ title: 'After' }).commit()
    await until(() => messages.length >= 2)
    subscription.unsubscribe()

    const [unrelated, related] = messages
    expect(unrelated?.tags.some((tag) => syncTags?.includes(tag as `s1:${string}`))).toBe(false)
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
})
