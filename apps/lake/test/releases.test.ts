import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (error: unknown) => error as { statusCode?: number; message: string },
  )
const releaseId = () => `r${Math.random().toString(36).slice(2, 10)}`
const raw = (client: SanityClient, query: string, params: Record<string, unknown> = {}) =>
  client.fetch(query, params, { perspective: 'raw' })
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A release holding a new version of a published story. */
async function releaseWithStory(title = 'In the release') {
  const client = target.client()
  const storyId = uniqueId('story')
  await client.create({ _id: storyId, _type: 'article', title: 'Published' })
  const { releaseId: id } = await client.releases.create({
    releaseId: releaseId(),
    metadata: { title: 'Spring', releaseType: 'asap' },
  })
  await client.createVersion({ baseId: storyId, publishedId: storyId, releaseId: id })
  await client.action({
    actionType: 'sanity.action.document.edit',
    draftId: `versions.${id}.${storyId}`,
    publishedId: storyId,
    patch: { set: { title } },
  })
  return { client, storyId, releaseId: id, versionId: `versions.${id}.${storyId}` }
}

describe('release documents', () => {
  it('create makes an active system.release at _.releases.<id>; a second create is a 409', async () => {
    const client = target.client()
    const { releaseId: id } = await client.releases.create({
      releaseId: releaseId(),
      metadata: { title: 'One' },
    })
    const release = await client.releases.get({ releaseId: id })
    expect(release).toMatchObject({
      _id: `_.releases.${id}`,
      _type: 'system.release',
      name: id,
      state: 'active',
      metadata: { title: 'One', releaseType: 'undecided' },
    })
    const again = await failure(client.releases.create({ releaseId: id }))
    expect(statusOf(again)).toBe(409)
    expect(again.message).toContain('already exists')
  })

  it('refuses malformed releases: bad ids, release types and dates are 400s', async () => {
    const client = target.client()
    for (const action of [
      { actionType: 'sanity.action.release.create', releaseId: 'not valid!' },
      { actionType: 'sanity.action.release.create', releaseId: 'drafts' },
      {
        actionType: 'sanity.action.release.create',
        releaseId: releaseId(),
        metadata: { releaseType: 'soon' },
      },
      {
        actionType: 'sanity.action.release.create',
        releaseId: releaseId(),
        metadata: { intendedPublishAt: 'tomorrow' },
      },
    ]) {
      expect(statusOf(await failure(client.action(action as never)))).toBe(400)
    }
  })

  it('edit changes metadata only; a patch outside metadata is a 400, an unknown release a 409', async () => {
    const client = target.client()
    const { releaseId: id } = await client.releases.create({
      releaseId: releaseId(),
      metadata: { title: 'Old' },
    })
    await client.releases.edit({
      releaseId: id,
      patch: {
        set: { metadata: { title: 'New', releaseType: 'scheduled' } },
        unset: ['metadata.description'],
      },
    })
    expect(await client.releases.get({ releaseId: id })).toMatchObject({
      state: 'active',
      metadata: { title: 'New', releaseType: 'scheduled' },
    })
    const outside = await failure(
      client.releases.edit({ releaseId: id, patch: { set: { state: 'published' } } }),
    )
    expect(statusOf(outside)).toBe(400)
    const unknown = await failure(
      client.releases.edit({ releaseId: releaseId(), patch: { set: { 'metadata.title': 'x' } } }),
    )
    expect(statusOf(unknown)).toBe(409)
    expect((await client.releases.get({ releaseId: id }))?.state).toBe('active')
  })

  it('/data/mutate cannot write a release document: only release actions do', async () => {
    const client = target.client()
    const { releaseId: id } = await client.releases.create({ releaseId: releaseId() })
    const error = await failure(client.patch(`_.releases.${id}`).set({ state: 'published' }).commit())
    expect(statusOf(error)).toBe(409)
    const forged = await failure(
      client.create({ _id: `_.releases.${releaseId()}`, _type: 'system.release', state: 'published' }),
    )
    expect(statusOf(forged)).toBe(409)
    expect((await client.releases.get({ releaseId: id }))?.state).toBe('active')
  })
})

describe('versions and release perspectives', () => {
  it('a version is seen in its release perspective only, under the published id', async () => {
    const { client, storyId, releaseId: id, versionId } = await releaseWithStory('Embargoed title')
    const query = '*[_id == $id][0]{_id, title, _originalId}'
    expect(await client.fetch(query, { id: storyId }, { perspective: 'published' })).toMatchObject({
      title: 'Published',
    })
    expect(await client.fetch(query, { id: storyId }, { perspective: 'drafts' })).toMatchObject({
      title: 'Published',
    })
    expect(await client.fetch(query, { id: storyId }, { perspective: [id] })).toEqual({
      _id: storyId,
      title: 'Embargoed title',
      _originalId: versionId,
    })
    // fetchDocuments queries `sanity::partOfRelease`, which only the raw perspective can match.
    const { result } = await client
      .withConfig({ perspective: 'raw' })
      .releases.fetchDocuments({ releaseId: id })
    expect(result.map((doc) => doc._id)).toEqual([versionId])
  })

  it('createVersion with a whole document, discardVersion and unpublishVersion as the client sends them', async () => {
    const client = target.client()
    const storyId = uniqueId('story')
    await client.create({ _id: storyId, _type: 'article', title: 'Live' })
    const { releaseId: id } = await client.releases.create({ releaseId: releaseId() })
    const newId = uniqueId('new-story')
    await client.createVersion({
      releaseId: id,
      publishedId: newId,
      document: { _type: 'article', title: 'Brand new' },
    })
    await client.unpublishVersion({ releaseId: id, publishedId: storyId })
    const versions = await raw(client, '*[sanity::partOfRelease($id)] | order(_id)', { id })
    expect(versions.map((doc: { _id: string }) => doc._id).sort()).toEqual(
      [`versions.${id}.${newId}`, `versions.${id}.${storyId}`].sort(),
    )
    // The release perspective shows the new story and hides the one it will unpublish.
    const titles = await client.fetch(
      '*[_id in $ids].title',
      { ids: [newId, storyId] },
      { perspective: [id] },
    )
    expect(titles).toEqual(['Brand new'])
    await client.discardVersion({ releaseId: id, publishedId: newId })
    expect(await client.getDocument(`versions.${id}.${newId}`)).toBeUndefined()
  })

  it('a version id must belong to its publishedId; unpublishVersion needs a published document', async () => {
    const client = target.client()
    const id = releaseId()
    const mismatch = await failure(
      client.action({
        actionType: 'sanity.action.document.version.create',
        publishedId: 'story-a',
        document: { _id: `versions.${id}.story-b`, _type: 'article' },
      }),
    )
    expect(statusOf(mismatch)).toBe(400)
    const nothingPublished = await failure(
      client.unpublishVersion({ releaseId: id, publishedId: uniqueId('none') }),
    )
    expect(statusOf(nothingPublished)).toBe(409)
  })

  it('getDocument with includeAllVersions returns every version of the document', async () => {
    const { client, storyId, versionId } = await releaseWithStory()
    await client.create({ _id: `drafts.${storyId}`, _type: 'article', title: 'Draft' })
    const all = await client.getDocument(storyId, { includeAllVersions: true })
    expect(all.map((doc) => doc._id).sort()).toEqual([`drafts.${storyId}`, storyId, versionId].sort())
    const anonymous = await target
      .client({ anonymous: true })
      .getDocument(storyId, { includeAllVersions: true })
    expect(anonymous.map((doc) => doc._id)).toEqual([storyId])
  })
})

describe('live events for release perspectives', () => {
  it('with includeDrafts a version change refreshes a release query; readers hear only the publish', async () => {
    const client = target.client()
    const type = uniqueId('liveRelease').replace(/-/g, '_')
    const storyId = uniqueId('live-story')
    await client.create({ _id: storyId, _type: type, title: 'Published' })
    const { releaseId: id } = await client.releases.create({ releaseId: releaseId() })
    await client.createVersion({ baseId: storyId, publishedId: storyId, releaseId: id })
    const { syncTags } = await client.fetch(
      `*[_type == $type].title`,
      { type },
      { perspective: [id], filterResponse: false },
    )

    const heard = (includeDrafts: boolean) => {
      const messages: Array<{ id: string; tags: string[] }> = []
      let welcomed = false
      const subscription = client.live.events({ includeDrafts }).subscribe((event) => {
        if (event.type === 'welcome') welcomed = true
        if (event.type === 'message') messages.push({ id: event.id, tags: event.tags })
      })
      return { messages, welcomed: () => welcomed, stop: () => subscription.unsubscribe() }
    }
    const editors = heard(true)
    const readers = heard(false)
    await until(() => editors.welcomed() && readers.welcomed())

    const edit = await client.patch(`versions.${id}.${storyId}`).set({ title: 'In the release' }).commit()
    await until(() => editors.messages.length >= 1)
    expect(editors.messages[0]?.id).toBe(edit._rev)
    expect(editors.messages[0]?.tags.some((tag) => syncTags?.includes(tag as `s1:${string}`))).toBe(true)

    const { transactionId } = await client.releases.publish({ releaseId: id })
    await until(() => readers.messages.length >= 1)
    editors.stop()
    readers.stop()
    expect(readers.messages.map((message) => message.id)).toEqual([transactionId])
  })
})

describe('publishing a release', () => {
  it('publishes every version in one transaction, unpublishes the marked ones, and records them', async () => {
    const { client, storyId, releaseId: id, versionId } = await releaseWithStory('Released title')
    const goneId = uniqueId('gone')
    await client.create({ _id: goneId, _type: 'article', title: 'To be unpublished' })
    await client.unpublishVersion({ releaseId: id, publishedId: goneId })
    const newId = uniqueId('fresh')
    await client.createVersion({
      releaseId: id,
      publishedId: newId,
      document: { _type: 'article', title: 'Fresh' },
    })

    const { transactionId } = await client.releases.publish({ releaseId: id })

    expect(await client.getDocument(storyId)).toMatchObject({ title: 'Released title', _rev: transactionId })
    expect(await client.getDocument(newId)).toMatchObject({ title: 'Fresh', _rev: transactionId })
    expect(await client.getDocument(goneId)).toBeUndefined()
    expect(await client.getDocument(`drafts.${goneId}`)).toMatchObject({ title: 'To be unpublished' })
    expect(await raw(client, '*[sanity::partOfRelease($id)]', { id })).toEqual([])
    const release = await client.releases.get({ releaseId: id })
    expect(release).toMatchObject({ state: 'published', _rev: transactionId })
    expect(Date.parse(release?.publishedAt ?? '')).not.toBeNaN()
    expect(release?.finalDocumentStates?.map((state) => state.id).sort()).toEqual(
      [versionId, `versions.${id}.${goneId}`, `versions.${id}.${newId}`].sort(),
    )
    // The Studio shows a published release's documents from history: their last revisions.
    const { documents } = await client.request<{ documents: Array<{ _id: string; title: string }> }>({
      url: `/data/history/production/documents/${versionId}?lastRevision=true`,
    })
    expect(documents).toMatchObject([{ _id: versionId, title: 'Released title' }])
    // The transaction log has the whole release as one transaction.
    const [log] = (
      await client.request<string>({
        url: `/data/history/production/transactions/${storyId},${newId}?excludeContent=true`,
      })
    )
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; documentIDs: string[] })
      .filter((entry) => entry.id === transactionId)
    expect(log?.documentIDs).toEqual(
      expect.arrayContaining([storyId, newId, goneId, versionId, `_.releases.${id}`]),
    )

    const twice = await failure(client.releases.publish({ releaseId: id }))
    expect(statusOf(twice)).toBe(409)
  })

  it("the document's history says which release published it", async () => {
    const { client, storyId, releaseId: id, versionId } = await releaseWithStory()
    const version = await client.getDocument(versionId)
    const { transactionId } = await client.releases.publish({ releaseId: id })
    const { events } = await client.request<{ events: Record<string, Array<Record<string, unknown>>> }>({
      url: `/data/history/production/events/documents/${storyId}`,
    })
    expect(events[storyId]?.[0]).toMatchObject({
      id: transactionId,
      type: 'publishDocumentVersion',
      versionId,
      versionRevisionId: version?._rev,
      releaseId: id,
    })
  })

  it('is all or nothing: a failing action later in the request publishes nothing', async () => {
    const { client, storyId, releaseId: id, versionId } = await releaseWithStory('Not yet')
    const error = await failure(
      client.action([
        { actionType: 'sanity.action.release.publish', releaseId: id },
        { actionType: 'sanity.action.release.publish', releaseId: releaseId() },
      ]),
    )
    expect(statusOf(error)).toBe(409)
    expect(await client.getDocument(storyId)).toMatchObject({ title: 'Published' })
    expect(await client.getDocument(versionId)).toMatchObject({ title: 'Not yet' })
    expect((await client.releases.get({ releaseId: id }))?.state).toBe('active')
  })

  it('actions apply in order: a version created in the same request is published', async () => {
    const client = target.client()
    const id = releaseId()
    const storyId = uniqueId('story')
    await client.action([
      { actionType: 'sanity.action.release.create', releaseId: id, metadata: { releaseType: 'asap' } },
      {
        actionType: 'sanity.action.document.version.create',
        publishedId: storyId,
        document: { _id: `versions.${id}.${storyId}`, _type: 'article', title: 'All at once' },
      },
      { actionType: 'sanity.action.release.publish', releaseId: id },
    ])
    expect(await client.getDocument(storyId)).toMatchObject({ title: 'All at once' })
  })
})

describe('archive, unarchive, delete', () => {
  it('archive removes the versions, unarchive brings them back, delete needs an archived release', async () => {
    const { client, releaseId: id, versionId } = await releaseWithStory('Kept for later')
    expect(statusOf(await failure(client.releases.delete({ releaseId: id })))).toBe(409)
    await client.releases.archive({ releaseId: id })
    expect(await client.getDocument(versionId)).toBeUndefined()
    expect(await client.releases.get({ releaseId: id })).toMatchObject({
      state: 'archived',
      finalDocumentStates: [{ id: versionId }],
    })
    expect(statusOf(await failure(client.releases.publish({ releaseId: id })))).toBe(409)
    expect(statusOf(await failure(client.releases.archive({ releaseId: id })))).toBe(409)
    // An archived release's versions are locked: nothing can be added to it.
    const added = await failure(
      client.createVersion({ releaseId: id, publishedId: uniqueId('late'), document: { _type: 'article' } }),
    )
    expect(statusOf(added)).toBe(409)

    await client.releases.unarchive({ releaseId: id })
    expect(await client.getDocument(versionId)).toMatchObject({ title: 'Kept for later' })
    expect((await client.releases.get({ releaseId: id }))?.state).toBe('active')

    await client.releases.archive({ releaseId: id })
    await client.releases.delete({ releaseId: id })
    expect(await client.releases.get({ releaseId: id })).toBeUndefined()
    expect(statusOf(await failure(client.releases.unarchive({ releaseId: id })))).toBe(409)
  })

  it('a published release can be deleted', async () => {
    const { client, releaseId: id } = await releaseWithStory()
    await client.releases.publish({ releaseId: id })
    await client.releases.delete({ releaseId: id })
    expect(await client.releases.get({ releaseId: id })).toBeUndefined()
  })
})

describe('schedule and unschedule', () => {
  it('schedule needs a date; a scheduled release is locked until unscheduled', async () => {
    const { client, storyId, releaseId: id, versionId } = await releaseWithStory('Scheduled title')
    const undated = await failure(client.releases.schedule({ releaseId: id, publishAt: 'at six' }))
    expect(statusOf(undated)).toBe(400)
    const publishAt = inAnHour()
    await client.releases.schedule({ releaseId: id, publishAt })
    expect(await client.releases.get({ releaseId: id })).toMatchObject({
      state: 'scheduled',
      publishAt,
      metadata: { releaseType: 'scheduled' },
    })

    // Each sent only when the one before has failed: a request made up front could fail unheard.
    const edits = [
      () =>
        client.action({
          actionType: 'sanity.action.document.edit',
          draftId: versionId,
          publishedId: storyId,
          patch: { set: { title: 'Sneaked in' } },
        }),
      () => client.patch(versionId).set({ title: 'Sneaked in' }).commit(),
      () => client.discardVersion({ releaseId: id, publishedId: storyId }),
      () =>
        client.createVersion({
          releaseId: id,
          publishedId: uniqueId('late'),
          document: { _type: 'article' },
        }),
      () => client.releases.archive({ releaseId: id }),
      () => client.releases.publish({ releaseId: id }),
    ]
    for (const edit of edits) expect(statusOf(await failure(edit()))).toBe(409)
    expect(await client.getDocument(versionId)).toMatchObject({ title: 'Scheduled title' })

    await client.releases.unschedule({ releaseId: id })
    const release = await client.releases.get({ releaseId: id })
    expect(release?.state).toBe('active')
    expect(release?.publishAt).toBeUndefined()
    expect(statusOf(await failure(client.releases.unschedule({ releaseId: id })))).toBe(409)
    await client.patch(versionId).set({ title: 'Edited again' }).commit()
    expect(await client.getDocument(versionId)).toMatchObject({ title: 'Edited again' })
  })
})

describe('import', () => {
  it('release.import writes the release as exported, honouring ifExists', async () => {
    const client = target.client()
    const id = releaseId()
    const exported = {
      _id: `_.releases.${id}`,
      _type: 'system.release',
      name: id,
      state: 'archived',
      metadata: { title: 'From another dataset', releaseType: 'asap' },
    }
    const importAction = (ifExists: string, title: string) => ({
      actionType: 'sanity.action.release.import',
      releaseId: id,
      attributes: { ...exported, metadata: { ...exported.metadata, title } },
      ifExists,
    })
    await client.action(importAction('fail', 'First') as never)
    expect(await client.releases.get({ releaseId: id })).toMatchObject({
      state: 'archived',
      metadata: { title: 'First' },
    })
    expect(statusOf(await failure(client.action(importAction('fail', 'Second') as never)))).toBe(409)
    await client.action(importAction('ignore', 'Ignored') as never)
    expect((await client.releases.get({ releaseId: id }))?.metadata.title).toBe('First')
    await client.action(importAction('replace', 'Replaced') as never)
    expect((await client.releases.get({ releaseId: id }))?.metadata.title).toBe('Replaced')
  })
})

describe('who may see and change releases', () => {
  it('anonymous callers see neither releases nor versions, in any perspective, and cannot act', async () => {
    const { storyId, releaseId: id, versionId } = await releaseWithStory('Secret')
    const anonymous = target.client({ anonymous: true })
    expect(await raw(anonymous, '*[_id in $ids]._id', { ids: [`_.releases.${id}`, versionId] })).toEqual([])
    expect(await anonymous.fetch('*[_id == $id][0].title', { id: storyId }, { perspective: [id] })).toBe(
      'Published',
    )
    const { omitted } = await anonymous.request<{ omitted: unknown[] }>({
      url: `/data/doc/production/_.releases.${id}`,
    })
    expect(omitted).toEqual([{ id: `_.releases.${id}`, reason: 'permission' }])
    expect(statusOf(await failure(anonymous.releases.publish({ releaseId: id })))).toBe(401)
    expect(
      statusOf(await failure(anonymous.request({ url: `/data/history/production/events/releases/${id}` }))),
    ).toBe(403)
  })

  it('viewers read releases and their versions but may not act on them', async () => {
    const { releaseId: id, versionId } = await releaseWithStory('For review')
    const viewer = target.client({ token: target.viewerToken })
    expect(await viewer.releases.get({ releaseId: id })).toMatchObject({ state: 'active' })
    expect(await viewer.getDocument(versionId)).toMatchObject({ title: 'For review' })
    for (const attempt of [
      () => viewer.releases.publish({ releaseId: id }),
      () => viewer.releases.create({ releaseId: releaseId() }),
      () =>
        viewer.createVersion({ releaseId: id, publishedId: uniqueId('x'), document: { _type: 'article' } }),
    ]) {
      const refused = (await failure(attempt())) as { statusCode?: number; details?: { type?: string } }
      expect(statusOf(refused)).toBe(403)
      // The type the Studio's dry-run permission checks look for before they hide release buttons.
      expect(refused.details?.type).toBe('insufficientPermissionsError')
    }
  })

  it('export has releases and versions for project members, published documents for anyone', async () => {
    const { releaseId: id, versionId } = await releaseWithStory()
    const exportIds = async (client: SanityClient) =>
      (await client.request<string>({ url: '/data/export/production' }))
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { _id: string })._id)
    const member = await exportIds(target.client())
    expect(member).toEqual(expect.arrayContaining([`_.releases.${id}`, versionId]))
    const anyone = await exportIds(target.client({ anonymous: true }))
    expect(anyone).not.toContain(`_.releases.${id}`)
    expect(anyone).not.toContain(versionId)
  })
})

describe('the lake says what it supports', () => {
  it('/features lists content releases and scheduling; new-content-release-allowed has no limit', async () => {
    const client = target.client()
    const features = await client.request<string[]>({ url: '/features' })
    expect(features).toEqual(
      expect.arrayContaining(['contentReleases', 'scheduledPublishing', 'singleDocRelease']),
    )
    expect(await client.request({ url: '/projects/local/features' })).toEqual(features)
    const allowed = await client
      .withConfig({ apiVersion: 'X' })
      .request<{ data: Record<string, unknown> }>({ url: '/projects/local/new-content-release-allowed' })
    expect(allowed.data).toMatchObject({ orgActiveReleaseLimit: null })
    expect(allowed.data.datasetReleaseLimit).toBeGreaterThan(0)
    // The plan the Studio reads history retention from: the lake keeps history, so no expiry.
    const plan = await client.request<{
      featureTypes: { retention: { features: Array<{ attributes: Record<string, unknown> }> } }
    }>({ url: '/subscriptions/project/local' })
    expect(plan.featureTypes.retention.features[0]?.attributes.maxRetentionDays).toBeUndefined()
  })

  it('release activity: created, documents added, scheduled, unscheduled, published', async () => {
    const { client, releaseId: id } = await releaseWithStory()
    await client.releases.schedule({ releaseId: id, publishAt: inAnHour() })
    await client.releases.unschedule({ releaseId: id })
    await client.releases.publish({ releaseId: id })
    const { events } = await client.request<{ events: Array<{ type: string; releaseName: string }> }>({
      url: `/data/history/production/events/releases/${id}`,
    })
    expect(events.map((event) => event.type)).toEqual([
      'publishRelease',
      'unscheduleRelease',
      'scheduleRelease',
      'addDocumentToRelease',
      'createRelease',
    ])
    expect(new Set(events.map((event) => event.releaseName))).toEqual(new Set([id]))
  })
})
