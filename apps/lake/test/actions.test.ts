import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

const get = (id: string) => target.client().getDocument(id)
const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode

describe('POST /data/actions', () => {
  it('create, edit and publish a draft, then unpublish and discard', async () => {
    const publishedId = uniqueId('story')
    const draftId = `drafts.${publishedId}`
    const client = target.client()
    await client.action({
      actionType: 'sanity.action.document.create',
      publishedId,
      attributes: { _id: draftId, _type: 'article', title: 'Draft title' },
      ifExists: 'fail',
    })
    expect(await get(draftId)).toMatchObject({ title: 'Draft title' })
    expect(await get(publishedId)).toBeUndefined()

    await client.action({
      actionType: 'sanity.action.document.edit',
      draftId,
      publishedId,
      patch: { set: { title: 'Edited title' } },
    })
    const draft = await get(draftId)
    await client.action({
      actionType: 'sanity.action.document.publish',
      draftId,
      publishedId,
      ifDraftRevisionId: draft?._rev,
    })
    expect(await get(publishedId)).toMatchObject({ _id: publishedId, title: 'Edited title' })
    expect(await get(draftId)).toBeUndefined()

    // Editing a published document with no draft starts a draft from the published version.
    await client.action({
      actionType: 'sanity.action.document.edit',
      draftId,
      publishedId,
      patch: { set: { title: 'Second draft' } },
    })
    expect(await get(draftId)).toMatchObject({ title: 'Second draft' })
    await client.action({ actionType: 'sanity.action.document.discard', draftId })
    expect(await get(draftId)).toBeUndefined()
    expect(await get(publishedId)).toMatchObject({ title: 'Edited title' })

    await client.action({ actionType: 'sanity.action.document.unpublish', draftId, publishedId })
    expect(await get(publishedId)).toBeUndefined()
    expect(await get(draftId)).toMatchObject({ title: 'Edited title' })
  })

  it('publish honours ifPublishedRevisionId: a stale revision is a 409 and nothing changes', async () => {
    const publishedId = uniqueId('guarded')
    const draftId = `drafts.${publishedId}`
    const client = target.client()
    await client.create({ _id: publishedId, _type: 'article', title: 'v1' })
    await client.create({ _id: draftId, _type: 'article', title: 'v2' })
    const error = await client
      .action({
        actionType: 'sanity.action.document.publish',
        draftId,
        publishedId,
        ifPublishedRevisionId: 'not-the-revision',
      })
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
    expect(await get(publishedId)).toMatchObject({ title: 'v1' })
    expect(await get(draftId)).toMatchObject({ title: 'v2' })
  })

  it('replaceDraft replaces the draft, delete removes published and draft together', async () => {
    const publishedId = uniqueId('replace')
    const draftId = `drafts.${publishedId}`
    const client = target.client()
    await client.create({ _id: publishedId, _type: 'article', title: 'published' })
    await client.action({
      actionType: 'sanity.action.document.replaceDraft',
      publishedId,
      attributes: { _id: draftId, _type: 'article', title: 'replaced' },
    })
    expect(await get(draftId)).toMatchObject({ title: 'replaced' })
    await client.action({
      actionType: 'sanity.action.document.delete',
      publishedId,
      includeDrafts: [draftId],
    })
    expect(await get(publishedId)).toBeUndefined()
    expect(await get(draftId)).toBeUndefined()
  })

  it('several actions in one request are one transaction', async () => {
    const publishedId = uniqueId('multi')
    const client = target.client()
    const error = await client
      .action([
        {
          actionType: 'sanity.action.document.create',
          publishedId,
          attributes: { _id: `drafts.${publishedId}`, _type: 'article' },
          ifExists: 'fail',
        },
        { actionType: 'sanity.action.document.discard', draftId: `drafts.${uniqueId('none')}` },
      ])
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
    expect(await get(`drafts.${publishedId}`)).toBeUndefined()
  })

  it('rejects an unknown action type with a 400', async () => {
    const error = await target
      .client()
      .action({ actionType: 'sanity.action.document.explode', publishedId: 'x' } as never)
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(400)
  })
})

describe('Studio 6 version actions', () => {
  it('version.discard deletes the named draft, and fails when there is none', async () => {
    const publishedId = uniqueId('version-discard')
    const client = target.client()
    await client.create({ _id: `drafts.${publishedId}`, _type: 'article', title: 'never published' })
    await client.action({
      actionType: 'sanity.action.document.version.discard',
      versionId: `drafts.${publishedId}`,
    } as never)
    expect(await get(`drafts.${publishedId}`)).toBeUndefined()
    const again = await client
      .action({
        actionType: 'sanity.action.document.version.discard',
        versionId: `drafts.${publishedId}`,
      } as never)
      .catch((caught: unknown) => caught)
    expect(statusOf(again)).toBe(409)
  })
})
