import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

interface Schedule {
  id: string
  state: string
  executeAt: string
  executedAt?: string
  documents: Array<{ documentId: string }>
  name: string
}

const BASE = '/schedules/local/production'
// The API version the Studio's Scheduled Publishing uses.
const api = (client: SanityClient) => client.withConfig({ apiVersion: '2022-09-01' })
const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (error: unknown) => error,
  )

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function storyWithDraft() {
  const client = target.client()
  const id = uniqueId('scheduled')
  await client.create({ _id: id, _type: 'article', title: 'Live' })
  await client.create({ _id: `drafts.${id}`, _type: 'article', title: 'Scheduled' })
  return { client, id }
}

const create = (client: SanityClient, documentId: string, inMs: number) =>
  api(client).request<Schedule>({
    url: BASE,
    method: 'POST',
    body: {
      documents: [{ documentId }],
      executeAt: new Date(Date.now() + inMs).toISOString(),
      name: 'Later',
    },
  })

describe('/schedules (legacy scheduled publishing)', () => {
  it('publishes the draft at executeAt and records that it ran', async () => {
    const { client, id } = await storyWithDraft()
    const schedule = await create(client, id, 800)
    expect(schedule).toMatchObject({ state: 'scheduled', documents: [{ documentId: id }], name: 'Later' })
    const { schedules } = await api(client).request<{ schedules: Schedule[] }>({
      url: BASE,
      query: { documentIds: id },
    })
    expect(schedules.map((entry) => entry.id)).toEqual([schedule.id])
    expect(await client.getDocument(id)).toMatchObject({ title: 'Live' })

    await until(
      () => client.getDocument(id),
      (doc) => doc?.title === 'Scheduled',
    )
    expect(await client.getDocument(`drafts.${id}`)).toBeUndefined()
    const ran = await api(client).request<Schedule>({ url: `${BASE}/${schedule.id}` })
    expect(ran.state).toBe('succeeded')
    expect(Date.parse(ran.executedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(schedule.executeAt))
  })

  it('a deleted schedule never runs; a moved one runs at its new time', async () => {
    const { client, id } = await storyWithDraft()
    const dropped = await create(client, id, 400)
    await api(client).request({ url: `${BASE}/${dropped.id}`, method: 'DELETE' })
    const moved = await create(client, id, 3_600_000)
    await api(client).request({
      url: `${BASE}/${moved.id}`,
      method: 'PATCH',
      body: { executeAt: new Date(Date.now() + 1_800).toISOString() },
    })
    // Past the deleted one's time, before the moved one's.
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(await client.getDocument(id)).toMatchObject({ title: 'Live' })
    await until(
      () => client.getDocument(id),
      (doc) => doc?.title === 'Scheduled',
    )
    const { state } = await api(client).request<Schedule>({ url: `${BASE}/${moved.id}` })
    expect(state).toBe('succeeded')
    expect(statusOf(await failure(api(client).request({ url: `${BASE}/${dropped.id}` })))).toBe(404)
  })

  it('publish runs a schedule at once, and only once', async () => {
    const { client, id } = await storyWithDraft()
    const schedule = await create(client, id, 3_600_000)
    await api(client).request({ url: `${BASE}/${schedule.id}/publish`, method: 'POST' })
    expect(await client.getDocument(id)).toMatchObject({ title: 'Scheduled' })
    const again = await failure(
      api(client).request({ url: `${BASE}/${schedule.id}/publish`, method: 'POST' }),
    )
    expect(statusOf(again)).toBe(409)
    const late = await failure(
      api(client).request({ url: `${BASE}/${schedule.id}`, method: 'PATCH', body: { name: 'Too late' } }),
    )
    expect(statusOf(late)).toBe(409)
  })

  it('is for project members: anonymous callers get 401, viewers may not schedule', async () => {
    const { client, id } = await storyWithDraft()
    const anonymous = api(target.client({ anonymous: true }))
    expect(statusOf(await failure(anonymous.request({ url: BASE })))).toBe(401)
    const viewer = target.client({ token: target.viewerToken })
    expect(statusOf(await failure(create(viewer, id, 60_000)))).toBe(403)
    const bad = await failure(
      api(client).request({ url: BASE, method: 'POST', body: { documents: [], executeAt: 'soon' } }),
    )
    expect(statusOf(bad)).toBe(400)
    const schedule = await create(client, id, 3_600_000)
    const forged = await failure(
      client.patch(`_.schedules.${schedule.id}`).set({ state: 'succeeded' }).commit(),
    )
    expect(statusOf(forged)).toBe(409)
  })
})
