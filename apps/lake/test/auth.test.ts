import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LakeConfig, loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
const publishedId = uniqueId('auth-doc')
const marker = uniqueId('secret-draft')

beforeAll(async () => {
  target = await startTarget()
  await target
    .client()
    .transaction()
    .create({ _id: publishedId, _type: 'authThing', title: 'public' })
    .create({ _id: `drafts.${publishedId}`, _type: 'authThing', title: marker })
    .commit()
})
afterAll(() => target.close())

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode

describe('auth', () => {
  it('refuses anonymous writes with 401 and viewer writes with 403', async () => {
    const anonymous = await target
      .client({ anonymous: true })
      .create({ _type: 'authThing' })
      .catch((caught: unknown) => caught)
    expect(statusOf(anonymous)).toBe(401)
    if (!target.viewerToken) return
    const viewer = await target
      .client({ token: target.viewerToken })
      .create({ _type: 'authThing' })
      .catch((caught: unknown) => caught)
    expect(statusOf(viewer)).toBe(403)
    const action = await target
      .client({ token: target.viewerToken })
      .action({ actionType: 'sanity.action.document.discard', draftId: `drafts.${publishedId}` })
      .catch((caught: unknown) => caught)
    expect(statusOf(action)).toBe(403)
    expect(await target.client().getDocument(`drafts.${publishedId}`)).toMatchObject({ title: marker })
  })

  it('refuses a token it does not know with 401, even for reads', async () => {
    const error = await target
      .client({ token: 'not-a-token' })
      .fetch('1')
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(401)
  })

  it('never shows drafts to anonymous callers, whatever the perspective', async () => {
    const anonymous = target.client({ anonymous: true })
    for (const perspective of ['published', 'drafts', 'previewDrafts', 'raw'] as const) {
      const result = await anonymous.fetch('*[_type == "authThing"]', {}, { perspective })
      expect(JSON.stringify(result)).not.toContain(marker)
    }
    const response = await fetch(`${target.url}/v2025-02-19/data/doc/${target.dataset}/drafts.${publishedId}`)
    const body = await response.text()
    expect(body).not.toContain(marker)
    expect(JSON.parse(body)).toMatchObject({ documents: [], omitted: [{ reason: 'permission' }] })
  })

  it('lets a viewer read drafts', async () => {
    if (!target.viewerToken) return
    const viewer = target.client({ token: target.viewerToken })
    expect(await viewer.fetch('*[_id == $id][0].title', { id: publishedId }, { perspective: 'drafts' })).toBe(
      marker,
    )
  })

  it('answers /users/me and the dataset ACL from the caller identity', async () => {
    const me = await fetch(`${target.url}/v2025-02-19/users/me`, {
      headers: { authorization: `Bearer ${target.writeToken}` },
    })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ role: 'administrator' })
    expect((await fetch(`${target.url}/v2025-02-19/users/me`)).status).toBe(401)
    if (!target.viewerToken) return
    const acl = await fetch(
      `${target.url}/v2025-02-19/projects/${target.projectId}/datasets/${target.dataset}/acl`,
      {
        headers: { authorization: `Bearer ${target.viewerToken}` },
      },
    )
    const grants = (await acl.json()) as Array<{ permissions: string[] }>
    expect(grants[0]?.permissions).toContain('read')
    expect(grants[0]?.permissions).not.toContain('update')
  })
})

describe('token lifecycle and exposure', () => {
  it('stops accepting a token the moment it is removed from lake.config.json', async () => {
    const dataDir = target.local?.lake.config.dataDir
    if (!dataDir) return
    const file = join(dataDir, 'lake.config.json')
    const token = 'auth-test-file-token-0123456789abcdef'
    writeFileSync(file, JSON.stringify({ tokens: [{ token, role: 'editor', name: 'Temporary' }] }))
    const client = target.client({ token })
    await client.create({ _id: uniqueId('by-file-token'), _type: 'authThing' })
    writeFileSync(file, JSON.stringify({ tokens: [] }))
    const error = await client.create({ _type: 'authThing' }).catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(401)
  })

  it('refuses to listen outside loopback without tokens, or with the dev identity on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lake-exposed-'))
    try {
      const exposed = (overrides: Partial<LakeConfig>) =>
        startLake(
          loadConfig({}, { dataDir, host: '0.0.0.0', port: 0, tlsPort: 0, webhooks: [], ...overrides }),
          () => {},
        )
      await expect(
        exposed({ devIdentity: true, tokens: [{ token: 'e'.repeat(32), role: 'editor' }] }),
      ).rejects.toThrow(/Refusing/)
      await expect(exposed({ devIdentity: false, tokens: [] })).rejects.toThrow(/Refusing/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('drafts over listen', () => {
  it('sends anonymous listeners published changes only', async () => {
    const type = uniqueId('listened').replace(/-/g, '_')
    const secret = uniqueId('listen-draft-marker')
    const received: string[] = []
    let welcomed = false
    const subscription = target
      .client({ anonymous: true })
      .listen(`*[_type == "${type}"]`, {}, { events: ['welcome', 'mutation'], includeResult: true } as never)
      .subscribe((event: { type: string }) => {
        if (event.type === 'welcome') welcomed = true
        else received.push(JSON.stringify(event))
      })
    while (!welcomed) await new Promise((resolve) => setTimeout(resolve, 10))
    const id = uniqueId('listened-doc')
    await target.client().create({ _id: `drafts.${id}`, _type: type, title: secret })
    await target.client().create({ _id: id, _type: type, title: 'public' })
    while (received.length < 1) await new Promise((resolve) => setTimeout(resolve, 10))
    await new Promise((resolve) => setTimeout(resolve, 100))
    subscription.unsubscribe()
    expect(received).toHaveLength(1)
    expect(received[0]).toContain('"public"')
    expect(received.join('')).not.toContain(secret)
  })
})

describe('user profiles', () => {
  it('names every identity the lake knows, so presence and history show people', async () => {
    const response = await fetch(`${target.url}/v2025-02-19/users/pLocalDeveloper,lake-import,nobody`, {
      headers: { authorization: `Bearer ${target.writeToken}` },
    })
    expect(await response.json()).toEqual([
      { id: 'pLocalDeveloper', displayName: 'Local Developer', imageUrl: null },
      { id: 'lake-import', displayName: 'Lake import', imageUrl: null },
      { id: 'nobody', displayName: 'Unknown user', imageUrl: null },
    ])
  })
})
