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

describe('several actions in one request apply in order, as one transaction', () => {
  const edit = (publishedId: string, title: string) => ({
    actionType: 'sanity.action.document.edit' as const,
    draftId: `drafts.${publishedId}`,
    publishedId,
    patch: { set: { title } },
  })
  const publish = (publishedId: string, ifPublishedRevisionId?: string) => ({
    actionType: 'sanity.action.document.publish' as const,
    draftId: `drafts.${publishedId}`,
    publishedId,
    ...(ifPublishedRevisionId ? { ifPublishedRevisionId } : {}),
  })

  it('edit then publish publishes the edit, and the request is one transaction', async () => {
    const publishedId = uniqueId('edit-publish')
    const client = target.client()
    const before = await client.create({ _id: publishedId, _type: 'article', title: 'v1' })
    const { transactionId } = await client.action([
      edit(publishedId, 'v2'),
      publish(publishedId, before._rev),
    ])
    expect(await get(publishedId)).toMatchObject({ title: 'v2', _rev: transactionId })
    expect(await get(`drafts.${publishedId}`)).toBeUndefined()
  })

  it('create, edit and publish in one request publish the edited document', async () => {
    const publishedId = uniqueId('create-edit-publish')
    const client = target.client()
    await client.action([
      {
        actionType: 'sanity.action.document.create',
        publishedId,
        attributes: { _id: `drafts.${publishedId}`, _type: 'article', title: 'created', body: 'kept' },
        ifExists: 'fail',
      },
      edit(publishedId, 'edited'),
      publish(publishedId),
    ])
    expect(await get(publishedId)).toMatchObject({ title: 'edited', body: 'kept' })
    expect(await get(`drafts.${publishedId}`)).toBeUndefined()
  })

  it('edit then discard leaves the published document as it was and no draft', async () => {
    const publishedId = uniqueId('edit-discard')
    const client = target.client()
    const published = await client.create({ _id: publishedId, _type: 'article', title: 'v1' })
    await client.action([
      edit(publishedId, 'never kept'),
      { actionType: 'sanity.action.document.discard', draftId: `drafts.${publishedId}` },
    ])
    expect(await get(publishedId)).toEqual(published)
    expect(await get(`drafts.${publishedId}`)).toBeUndefined()
  })

  it('publish, edit, unpublish: the draft left behind holds the edit', async () => {
    const publishedId = uniqueId('edit-unpublish')
    const client = target.client()
    await client.create({ _id: `drafts.${publishedId}`, _type: 'article', title: 'first' })
    await client.action([
      publish(publishedId),
      edit(publishedId, 'second'),
      { actionType: 'sanity.action.document.unpublish', draftId: `drafts.${publishedId}`, publishedId },
    ])
    expect(await get(publishedId)).toBeUndefined()
    expect(await get(`drafts.${publishedId}`)).toMatchObject({ title: 'second' })
  })

  it('a precondition sees the earlier actions: publish after publish wants the new revision', async () => {
    const publishedId = uniqueId('precondition')
    const client = target.client()
    const first = await client.create({ _id: publishedId, _type: 'article', title: 'v1' })
    const error = await client
      .action([
        edit(publishedId, 'v2'),
        publish(publishedId, first._rev),
        edit(publishedId, 'v3'),
        publish(publishedId, first._rev),
      ])
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
    expect(await get(publishedId)).toEqual(first)
    expect(await get(`drafts.${publishedId}`)).toBeUndefined()
  })

  it('a failing later action rolls back the earlier ones', async () => {
    const publishedId = uniqueId('rollback')
    const client = target.client()
    const published = await client.create({ _id: publishedId, _type: 'article', title: 'v1' })
    const draft = await client.create({ _id: `drafts.${publishedId}`, _type: 'article', title: 'draft' })
    const error = await client
      .action([
        edit(publishedId, 'edited'),
        publish(publishedId),
        { actionType: 'sanity.action.document.discard', draftId: `drafts.${uniqueId('missing')}` },
      ])
      .catch((caught: unknown) => caught)
    expect(statusOf(error)).toBe(409)
    expect(await get(publishedId)).toEqual(published)
    expect(await get(`drafts.${publishedId}`)).toEqual(draft)
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

  it('version.create then version.replace in one request leave the replacement', async () => {
    const publishedId = uniqueId('version-replace')
    const versionId = `versions.rspring.${publishedId}`
    await target.client().action([
      {
        actionType: 'sanity.action.document.version.create',
        publishedId,
        document: { _id: versionId, _type: 'article', title: 'created' },
      },
      {
        actionType: 'sanity.action.document.version.replace',
        document: { _id: versionId, _type: 'article', title: 'replaced' },
      },
    ])
    expect(await get(versionId)).toMatchObject({ title: 'replaced' })
    expect(await get(publishedId)).toBeUndefined()
  })

  it('version.create copies a base made earlier in the request; version.unpublish marks the version', async () => {
    const publishedId = uniqueId('version-base')
    const client = target.client()
    await client.create({ _id: `drafts.${publishedId}`, _type: 'article', title: 'draft' })
    await client.action([
      {
        actionType: 'sanity.action.document.publish',
        draftId: `drafts.${publishedId}`,
        publishedId,
      },
      {
        actionType: 'sanity.action.document.version.create',
        publishedId,
        baseId: publishedId,
        versionId: `versions.rcopy.${publishedId}`,
      },
      {
        actionType: 'sanity.action.document.version.unpublish',
        publishedId,
        versionId: `versions.rgone.${publishedId}`,
      },
    ])
    expect(await get(`versions.rcopy.${publishedId}`)).toMatchObject({ title: 'draft' })
    expect(await get(`versions.rgone.${publishedId}`)).toMatchObject({
      title: 'draft',
      _system: { delete: true },
    })
    const stale = await client
      .action({
        actionType: 'sanity.action.document.version.replace',
        document: { _id: `versions.rnone.${publishedId}`, _type: 'article' },
      })
      .catch((caught: unknown) => caught)
    expect(statusOf(stale)).toBe(409)
  })
})
