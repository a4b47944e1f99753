import { applyPatch } from 'mendoza'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_VERSION, startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

async function get(path: string, token: string | null = target.writeToken) {
  const response = await fetch(`${target.url}/v${API_VERSION}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
  return { status: response.status, text: await response.text() }
}

describe('history', () => {
  it('lists three revisions after three edits and serves revision 1 whole', async () => {
    const id = uniqueId('history')
    const client = target.client()
    const revisions: string[] = []
    for (const title of ['One', 'Two', 'Three']) {
      const result = await client.createOrReplace(
        { _id: id, _type: 'historyThing', title, body: `Body ${title}` },
        { returnDocuments: false },
      )
      revisions.push(result.transactionId)
    }

    const log = await get(
      `/data/history/${target.dataset}/transactions/${id}?effectFormat=mendoza&excludeContent=true`,
    )
    expect(log.status).toBe(200)
    const transactions = log.text
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            id: string
            author: string
            documentIDs: string[]
            effects: Record<string, { apply: unknown; revert: unknown }>
          },
      )
    expect(transactions.map((transaction) => transaction.id)).toEqual(revisions)
    expect(transactions[0]?.documentIDs).toEqual([id])

    // Replaying the mendoza effects from nothing rebuilds the current document.
    let doc: unknown = null
    for (const transaction of transactions) doc = applyPatch(doc, transaction.effects[id]?.apply as never)
    expect(doc).toMatchObject({ _id: id, title: 'Three' })

    const first = await get(`/data/history/${target.dataset}/documents/${id}?revision=${revisions[0]}`)
    expect(JSON.parse(first.text)).toMatchObject({
      documents: [{ _id: id, _type: 'historyThing', title: 'One', body: 'Body One', _rev: revisions[0] }],
    })

    const reversed = await get(`/data/history/${target.dataset}/transactions/${id}?reverse=true&limit=1`)
    expect(JSON.parse(reversed.text.trim()).id).toBe(revisions[2])
  })

  it('refuses anonymous callers and unknown revisions', async () => {
    expect((await get(`/data/history/${target.dataset}/transactions/anything`, null)).status).toBe(403)
    const unknown = await get(`/data/history/${target.dataset}/documents/anything?revision=nope`)
    expect(unknown.status).toBe(200)
    expect(JSON.parse(unknown.text)).toEqual({ documents: [] })
    expect((await get(`/data/history/${target.dataset}/documents/anything`)).status).toBe(400)
  })
})

describe('document events for the Studio history panel', () => {
  it('lists create, publish, discard and unpublish newest first', async () => {
    const publishedId = uniqueId('events')
    const draftId = `drafts.${publishedId}`
    const client = target.client()
    await client.action({
      actionType: 'sanity.action.document.create',
      publishedId,
      attributes: { _id: draftId, _type: 'historyThing', title: 'v1' },
      ifExists: 'fail',
    })
    await client.action({ actionType: 'sanity.action.document.publish', draftId, publishedId })
    await client.action({
      actionType: 'sanity.action.document.edit',
      draftId,
      publishedId,
      patch: { set: { title: 'v2' } },
    })
    await client.action({ actionType: 'sanity.action.document.discard', draftId })
    await client.action({ actionType: 'sanity.action.document.unpublish', draftId, publishedId })

    const response = await get(`/data/history/${target.dataset}/events/documents/${draftId}?limit=100`)
    const body = JSON.parse(response.text) as {
      events: Record<string, Array<{ type: string }>>
      nextCursor: string
    }
    expect(body.events[draftId]?.map((event) => event.type)).toEqual([
      'unpublishDocument',
      'deleteDocumentVersion',
      'createDocumentVersion',
      'publishDocumentVersion',
      'createDocumentVersion',
    ])
    const paged = JSON.parse(
      (await get(`/data/history/${target.dataset}/events/documents/${publishedId}?limit=2`)).text,
    )
    expect(paged.events[publishedId]).toHaveLength(2)
    expect(paged.nextCursor).toBe('2')
  })
})
