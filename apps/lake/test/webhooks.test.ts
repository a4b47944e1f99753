import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseBody } from 'next-sanity/webhook'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

const SECRET = 'webhook-test-secret'

interface Received {
  valid: boolean | null
  body: Record<string, unknown> | null
  headers: IncomingMessage['headers']
}

/** A receiver built on next-sanity's parseBody, as the reader site's revalidate route is. */
async function startReceiver(secret: string, failures = 0) {
  const received: Received[] = []
  let attempts = 0
  let toFail = failures
  const server: Server = createServer(async (req, res) => {
    attempts++
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    if (toFail > 0) {
      toFail--
      res.writeHead(503).end()
      return
    }
    const request = new Request(`http://receiver${req.url}`, {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    })
    const { body, isValidSignature } = await parseBody<Record<string, unknown>>(
      request as never,
      secret,
      false,
    )
    received.push({ valid: isValidSignature, body, headers: req.headers })
    res.writeHead(200).end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function until(check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the webhook')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

let target: Target
let good: Awaited<ReturnType<typeof startReceiver>>
let flaky: Awaited<ReturnType<typeof startReceiver>>
let wrongSecret: Awaited<ReturnType<typeof startReceiver>>

const hook = (name: string, url: string, type: string) => ({
  name,
  url,
  dataset: 'production',
  on: ['create' as const, 'update' as const, 'delete' as const],
  filter: `_type == "${type}"`,
  projection:
    '{_id, title, "before": before().title, "after": after().title, "operation": delta::operation()}',
  secret: SECRET,
  retryBaseMs: 20,
})

let searched: Awaited<ReturnType<typeof startReceiver>>

beforeAll(async () => {
  good = await startReceiver(SECRET)
  flaky = await startReceiver(SECRET, 2)
  wrongSecret = await startReceiver('not-the-secret')
  searched = await startReceiver(SECRET)
  target = await startTarget({
    webhooks: [
      hook('good', good.url, 'hookArticle'),
      hook('flaky', flaky.url, 'flakyArticle'),
      hook('wrong-secret', wrongSecret.url, 'hookArticle'),
      {
        ...hook('searched', searched.url, 'searchedArticle'),
        // The Studio's search function, in a filter: the whole document's text, and a phrase.
        filter:
          '_type == "searchedArticle" && [@, _id] match text::query("embargo -lifted \\"press release\\"")',
      },
    ],
  })
})
afterAll(async () => {
  await target.close()
  await Promise.all([good.close(), flaky.close(), wrongSecret.close(), searched.close()])
})

describe('GROQ webhooks', () => {
  it('delivers a signed, projected payload that parseBody accepts', async () => {
    const id = uniqueId('hooked')
    await target.client().create({ _id: `drafts.${id}`, _type: 'hookArticle', title: 'draft only' })
    await target.client().create({ _id: id, _type: 'hookArticle', title: 'First' })
    await target.client().patch(id).set({ title: 'Second' }).commit()
    await target.client().create({ _id: uniqueId('unrelated'), _type: 'somethingElse', title: 'x' })
    await until(() => good.received.length >= 2)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(good.received.map((entry) => entry.valid)).toEqual([true, true])
    expect(good.received.map((entry) => entry.body)).toEqual([
      { _id: id, title: 'First', before: null, after: 'First', operation: 'create' },
      { _id: id, title: 'Second', before: 'First', after: 'Second', operation: 'update' },
    ])
    const headers = good.received[1]?.headers ?? {}
    expect(headers['sanity-operation']).toBe('update')
    expect(headers['sanity-document-id']).toBe(id)
    expect(headers['sanity-transaction-id']).toEqual(expect.any(String))
    expect(headers['idempotency-key']).toContain(String(headers['sanity-transaction-id']))
  })

  it('delivers deletes with the document as it was', async () => {
    const id = uniqueId('deleted')
    await target.client().create({ _id: id, _type: 'hookArticle', title: 'Doomed' })
    await target.client().delete(id)
    await until(() =>
      good.received.some((entry) => entry.body?.operation === 'delete' && entry.body._id === id),
    )
    const deleted = good.received.find((entry) => entry.body?.operation === 'delete' && entry.body._id === id)
    expect(deleted?.body).toMatchObject({ _id: id, before: 'Doomed', after: null, operation: 'delete' })
    expect(deleted?.valid).toBe(true)
  })

  it('is rejected by a receiver holding another secret', async () => {
    await until(() => wrongSecret.received.length >= 1)
    expect(wrongSecret.received.every((entry) => entry.valid === false)).toBe(true)
  })

  it('retries a failing receiver until it succeeds (third attempt)', async () => {
    const id = uniqueId('flaky')
    await target.client().create({ _id: id, _type: 'flakyArticle', title: 'Eventually' })
    await until(() => flaky.received.length >= 1)
    expect(flaky.attempts()).toBe(3)
    expect(flaky.received[0]).toMatchObject({ valid: true, body: { _id: id, title: 'Eventually' } })
  })
})

describe('GROQ webhooks with text::query in the filter', () => {
  it('deliver the documents the search finds, as a query with it does', async () => {
    const found = uniqueId('found')
    const query = '*[_type == "searchedArticle" && [@, _id] match text::query($search)]._id'
    const documents: Array<{ _id: string; _type: string; [field: string]: unknown }> = [
      { _id: found, _type: 'searchedArticle', title: 'Embargo', body: { text: 'Our press release is out.' } },
      { _id: uniqueId('lifted'), _type: 'searchedArticle', title: 'Embargo lifted', body: 'A press release' },
      {
        _id: uniqueId('unsaid'),
        _type: 'searchedArticle',
        title: 'Embargo',
        body: 'No release for the press',
      },
      { _id: uniqueId('other'), _type: 'searchedArticle', title: 'Nothing to see' },
    ]
    const transaction = target.client().transaction()
    for (const doc of documents) transaction.create(doc)
    await transaction.commit()
    // Deliveries go in commit order: once a later match arrives, every earlier change was decided.
    const later = uniqueId('later')
    await target.client().create({ _id: later, _type: 'searchedArticle', title: 'Press release: embargo' })
    await until(() => searched.received.some((entry) => entry.body?._id === later))
    expect(await target.client().fetch(query, { search: 'embargo -lifted "press release"' })).toEqual(
      [found, later].sort(),
    )
    expect(searched.received.map((entry) => entry.body?._id)).toEqual([found, later])
  })
})

describe('a receiver that is down for a while', () => {
  it('gets every delivery once it is back, in commit order', async () => {
    const received: Array<{ version: number }> = []
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      received.push(JSON.parse(Buffer.concat(chunks).toString()) as { version: number })
      res.writeHead(200).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    await new Promise<void>((resolve) => server.close(() => resolve()))

    const outage = await startTarget({
      webhooks: [
        {
          name: 'outage',
          url: `http://127.0.0.1:${port}/hook`,
          dataset: 'production',
          on: ['create', 'update'],
          filter: '_type == "outageDoc"',
          projection: '{version}',
          secret: SECRET,
          retryBaseMs: 25,
          maxAttempts: 12,
        },
      ],
    })
    try {
      const id = uniqueId('outage')
      await outage.client().create({ _id: id, _type: 'outageDoc', version: 1 })
      for (let version = 2; version <= 5; version++) await outage.client().patch(id).set({ version }).commit()
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(received).toEqual([])
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
      await until(() => received.length >= 5, 15_000)
      expect(received.map((body) => body.version)).toEqual([1, 2, 3, 4, 5])
    } finally {
      await outage.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }, 30_000)
})

describe('a webhook names a dataset, not one life of it', () => {
  it('delivers from a dataset made after the lake started, and from one deleted and made again', async () => {
    const receiver = await startReceiver(SECRET)
    const lines: string[] = []
    const later = await startTarget({
      webhooks: [{ ...hook('later', receiver.url, 'laterDoc'), dataset: 'made-later' }],
      log: (line) => lines.push(line),
    })
    const dataset = () => later.client().withConfig({ dataset: 'made-later' })
    const titles = () => receiver.received.map((entry) => entry.body?.title)
    try {
      await later.client().datasets.create('made-later')
      await dataset().create({ _id: 'first', _type: 'laterDoc', title: 'First life' })
      await until(() => titles().includes('First life'))

      await later.client().datasets.delete('made-later')
      expect(lines.join('\n')).toContain('dataset "made-later" was deleted; it delivers nothing')
      await later.client().datasets.create('made-later')
      // The same id again: a dataset made anew starts its log over, and the webhook with it.
      await dataset().create({ _id: 'first', _type: 'laterDoc', title: 'Second life' })
      await until(() => titles().includes('Second life'))
      expect(titles()).toEqual(['First life', 'Second life'])
      expect(receiver.received.every((entry) => entry.valid)).toBe(true)
    } finally {
      await later.close()
      await receiver.close()
    }
  })
})
