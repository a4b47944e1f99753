import type { MutationEvent } from '@sanity/client'
import { applyPatch } from 'mendoza'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

/** Subscribes with the real client and resolves once the listener is live. */
async function listen(query: string, params: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const events: MutationEvent[] = []
  let welcomed: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    welcomed = resolve
  })
  const subscription = target
    .client()
    .listen(query, params, { events: ['welcome', 'mutation'], ...options } as never)
    .subscribe((event: { type: string }) => {
      if (event.type === 'welcome') welcomed()
      else events.push(event as MutationEvent)
    })
  await ready
  return { events, stop: () => subscription.unsubscribe() }
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for events')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const withoutRev = (doc: Record<string, unknown> | undefined) => {
  if (!doc) return doc
  const { _rev, ...rest } = doc
  return rest
}

describe('GET /data/listen', () => {
  it('sends mutation events with revisions, result and mendoza effects that rebuild the document', async () => {
    const id = uniqueId('listened')
    const listener = await listen(
      '*[_id == $id]',
      { id },
      {
        includeResult: true,
        includePreviousRevision: true,
        effectFormat: 'mendoza',
      },
    )
    const created = await target
      .client()
      .mutate([{ create: { _id: id, _type: 'thing', v: 1 } }], { returnDocuments: false })
    const patched = await target
      .client()
      .patch(id)
      .set({ v: 2, extra: 'x' })
      .commit({ returnDocuments: false })
    await target.client().delete(id)
    await until(() => listener.events.length >= 3)
    listener.stop()

    const [appear, update, disappear] = listener.events as Array<MutationEvent & Record<string, unknown>>
    expect(appear).toMatchObject({ documentId: id, transition: 'appear', resultRev: created.transactionId })
    expect(appear?.previousRev).toBeUndefined()
    expect(update).toMatchObject({
      documentId: id,
      transition: 'update',
      previousRev: created.transactionId,
      resultRev: patched.transactionId,
      transactionTotalEvents: 1,
      transactionCurrentEvent: 0,
    })
    expect(update?.result).toMatchObject({ _id: id, v: 2, extra: 'x' })
    expect(update?.previous).toMatchObject({ _id: id, v: 1 })
    expect(disappear).toMatchObject({ transition: 'disappear', previousRev: patched.transactionId })
    // The Studio orders events by resultRev: a disappearance carries its transaction too.
    expect(disappear?.resultRev).toEqual(expect.any(String))

    const effects = update?.effects as { apply: unknown; revert: unknown }
    const before = withoutRev(update?.previous as Record<string, unknown>)
    expect(applyPatch(before, effects.apply as never)).toEqual(
      withoutRev(update?.result as Record<string, unknown>),
    )
    expect(
      applyPatch(withoutRev(update?.result as Record<string, unknown>), effects.revert as never),
    ).toEqual(before)
    for (const event of listener.events) {
      expect(event).toHaveProperty('eventId')
      expect(event).toHaveProperty('timestamp')
      expect(event).toHaveProperty('identity')
      expect(event).toHaveProperty('visibility')
    }
  })

  it('only sends events for documents that match the filter', async () => {
    const type = uniqueId('watched').replace(/-/g, '_')
    const listener = await listen('*[_type == $type]', { type })
    await target.client().create({ _id: uniqueId('other'), _type: 'unwatched' })
    const watched = uniqueId('watched-doc')
    await target.client().create({ _id: watched, _type: type })
    await until(() => listener.events.length >= 1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    listener.stop()
    expect(listener.events.map((event) => event.documentId)).toEqual([watched])
  })

  it("counts a transaction's events over those the listener's filter lets through, as hosted does", async () => {
    // The Studio's document pair listener waits for transactionTotalEvents events of a
    // transaction before it applies any: counted over the whole transaction, a change to a
    // document it does not follow held its own document back for good.
    const [followed, alsoFollowed, other] = [uniqueId('pair'), uniqueId('pair'), uniqueId('other')]
    const listener = await listen('*[_id in $ids]', { ids: [followed, alsoFollowed] })
    const mixed = await target
      .client()
      .mutate([{ create: { _id: other, _type: 'thing' } }, { create: { _id: followed, _type: 'thing' } }], {
        returnDocuments: false,
      })
    const both = await target
      .client()
      .mutate(
        [
          { patch: { id: followed, set: { v: 1 } } },
          { create: { _id: alsoFollowed, _type: 'thing' } },
          { patch: { id: other, set: { v: 1 } } },
        ],
        { returnDocuments: false },
      )
    await until(() => listener.events.length >= 3)
    listener.stop()
    const counts = listener.events.map(
      ({ transactionId, documentId, transactionTotalEvents, transactionCurrentEvent }) => ({
        transactionId,
        documentId,
        transactionTotalEvents,
        transactionCurrentEvent,
      }),
    )
    expect(counts).toEqual([
      {
        transactionId: mixed.transactionId,
        documentId: followed,
        transactionTotalEvents: 1,
        transactionCurrentEvent: 0,
      },
      {
        transactionId: both.transactionId,
        documentId: followed,
        transactionTotalEvents: 2,
        transactionCurrentEvent: 0,
      },
      {
        transactionId: both.transactionId,
        documentId: alsoFollowed,
        transactionTotalEvents: 2,
        transactionCurrentEvent: 1,
      },
    ])
  })

  it('leaves the resulting document out unless includeResult=true, as hosted does', async () => {
    // @sanity/client sends includeResult=true by default and leaves the parameter out to switch
    // it off, so an absent parameter must mean off; the Studio's listeners all switch it off.
    const id = uniqueId('result')
    const without = await listen('*[_id == $id]', { id }, { includeResult: false })
    const withResult = await listen('*[_id == $id]', { id })
    await target.client().create({ _id: id, _type: 'thing', v: 1 })
    await until(() => without.events.length >= 1 && withResult.events.length >= 1)
    without.stop()
    withResult.stop()
    expect(without.events[0]).not.toHaveProperty('result')
    expect(withResult.events[0]?.result).toMatchObject({ _id: id, v: 1 })
  })

  it('rejects a malformed filter with a 400', async () => {
    const response = await fetch(
      `${target.url}/v2025-02-19/data/listen/${target.dataset}?query=${encodeURIComponent('*[')}`,
      {
        headers: { authorization: `Bearer ${target.writeToken}` },
      },
    )
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('queryParseError')
  })
})

describe('GET /data/listen with enableResume', () => {
  async function readEvents(url: string, headers: Record<string, string>, count: number) {
    const controller = new AbortController()
    const response = await fetch(url, { headers, signal: controller.signal })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    const events: Array<{ event: string; id?: string }> = []
    while (events.length < count) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
      const blocks = text.split('\n\n')
      text = blocks.pop() ?? ''
      for (const block of blocks) {
        const event = /^event: (.+)$/m.exec(block)?.[1]
        if (event) events.push({ event, id: /^id: (.+)$/m.exec(block)?.[1] })
      }
    }
    controller.abort()
    return events
  }

  it('replays what a listener missed after its Last-Event-ID, or tells it to reset', async () => {
    const id = uniqueId('resumed')
    const client = target.client()
    await client.create({ _id: id, _type: 'thing', v: 0 })
    const first = await client.patch(id).set({ v: 1 }).commit({ returnDocuments: false })
    await client.patch(id).set({ v: 2 }).commit()
    await client.patch(id).set({ v: 3 }).commit()
    const url = `${target.url}/v2025-02-19/data/listen/${target.dataset}?query=${encodeURIComponent(`*[_id == "${id}"]`)}&enableResume=true`
    const auth = { authorization: `Bearer ${target.writeToken}` }
    const resumed = await readEvents(url, { ...auth, 'last-event-id': `${first.transactionId}#${id}` }, 3)
    expect(resumed.map((event) => event.event)).toEqual(['welcomeback', 'mutation', 'mutation'])
    const reset = await readEvents(url, { ...auth, 'last-event-id': 'long-gone#x' }, 1)
    expect(reset.map((event) => event.event)).toEqual(['reset'])
  })
})
