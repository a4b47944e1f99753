import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
let client: SanityClient
beforeAll(async () => {
  target = await startTarget()
  client = target.client()
})
afterAll(() => target.close())

interface Refusal {
  statusCode?: number
  details?: {
    type?: string
    description?: string
    items?: Array<{ index: number; error: Record<string, unknown> }>
  }
}

const refusal = (promise: Promise<unknown>): Promise<Refusal> =>
  promise.then(
    () => {
      throw new Error('expected the lake to refuse the write')
    },
    (error: unknown) => error as Refusal,
  )

/** Hosted's refusal of a transaction: a 409 `mutationError` whose one item is `item`, at `index`. */
function expectRefused(
  error: Refusal,
  index: number,
  item: { description: string } & Record<string, unknown>,
) {
  expect(error.statusCode).toBe(409)
  expect(error.details).toMatchObject({
    type: 'mutationError',
    description: `The mutation(s) failed: ${item.description}`,
    items: [{ index, error: item }],
  })
}

const ref = (id: string, extra: Record<string, unknown> = {}) => ({
  _type: 'reference',
  _key: uniqueId('k'),
  _ref: id,
  ...extra,
})
const person = (id: string) => ({ _id: id, _type: 'person', name: 'Someone' })
const story = (id: string, people: unknown[]) => ({ _id: id, _type: 'article', title: 'A story', people })
const get = (id: string) => client.getDocument(id)

/** A published person and a published story that shows them. */
async function personInStory() {
  const personId = uniqueId('person')
  const storyId = uniqueId('story')
  await client
    .transaction()
    .create(person(personId))
    .create(story(storyId, [ref(personId)]))
    .commit()
  return { personId, storyId }
}

describe('a write whose strong reference points at no document', () => {
  it('create is a 409 shaped like hosted, and nothing is written', async () => {
    const storyId = uniqueId('story')
    const missing = uniqueId('missing')
    const other = uniqueId('other')
    const error = await refusal(
      client
        .transaction()
        .create(person(other))
        .create(story(storyId, [ref(missing)]))
        .commit(),
    )
    const description = `Document "${storyId}" references non-existent document "${missing}"`
    expectRefused(error, 1, {
      description,
      id: storyId,
      referenceID: missing,
      type: 'documentReferenceNotFoundError',
    })
    expect(await get(storyId)).toBeUndefined()
    expect(await get(other)).toBeUndefined()
  })

  it('a patch adding one is a 409 and leaves the document as it was', async () => {
    const { storyId } = await personInStory()
    const before = await get(storyId)
    const error = await refusal(
      client
        .patch(storyId)
        .insert('after', 'people[-1]', [ref(uniqueId('missing'))])
        .commit(),
    )
    expect(error.statusCode).toBe(409)
    expect(error.details?.items?.[0]?.error.type).toBe('documentReferenceNotFoundError')
    expect(await get(storyId)).toEqual(before)
  })

  it('counts a reference in a Portable Text markDef', async () => {
    const missing = uniqueId('missing')
    const storyId = uniqueId('story')
    const body = [
      {
        _type: 'block',
        _key: 'b',
        children: [{ _type: 'span', _key: 's', text: 'see them', marks: ['m'] }],
        markDefs: [{ _type: 'internalLink', _key: 'm', reference: { _type: 'reference', _ref: missing } }],
      },
    ]
    const error = await refusal(client.create({ _id: storyId, _type: 'article', body }))
    expect(error.details?.items?.[0]?.error).toMatchObject({ id: storyId, referenceID: missing })
    expect(await get(storyId)).toBeUndefined()
  })

  it('is accepted when the reference is weak, or to another dataset', async () => {
    const storyId = uniqueId('story')
    await client.create(
      story(storyId, [
        ref(uniqueId('not-yet'), { _weak: true }),
        ref(uniqueId('elsewhere'), { _dataset: 'comments', _projectId: 'local' }),
      ]),
    )
    expect(await get(storyId)).toMatchObject({ _id: storyId })
  })

  it('is accepted when the same transaction creates the target, after the referrer', async () => {
    const personId = uniqueId('person')
    const storyId = uniqueId('story')
    await client
      .transaction()
      .create(story(storyId, [ref(personId)]))
      .create(person(personId))
      .commit()
    expect(await get(storyId)).toMatchObject({ people: [{ _ref: personId }] })
  })

  it('is checked in drafts too, by the exact id: a draft does not satisfy a reference to its published id', async () => {
    const personId = uniqueId('person')
    await client.create({ ...person(personId), _id: `drafts.${personId}` })
    const error = await refusal(client.create(story(`drafts.${uniqueId('story')}`, [ref(personId)])))
    expect(error.details?.items?.[0]?.error).toMatchObject({ referenceID: personId })
  })
})

describe('deleting a document that is strongly referenced', () => {
  it('is a 409 naming the referrer, and nothing changes', async () => {
    const { personId, storyId } = await personInStory()
    const other = uniqueId('other')
    await client.create(person(other))
    const error = await refusal(client.transaction().delete(other).delete(personId).commit())
    const description = `Document "${personId}" cannot be deleted as there are references to it from "${storyId}"`
    expectRefused(error, 1, {
      description,
      id: personId,
      referencingIDs: [storyId],
      type: 'documentHasExistingReferencesError',
    })
    expect(await get(personId)).toMatchObject({ _id: personId })
    expect(await get(other)).toMatchObject({ _id: other })
    expect(await get(storyId)).toMatchObject({ people: [{ _ref: personId }] })
  })

  it('is accepted together with its referrers, or once they dropped the reference', async () => {
    const both = await personInStory()
    await client.transaction().delete(both.personId).delete(both.storyId).commit()
    expect(await get(both.personId)).toBeUndefined()

    const dropped = await personInStory()
    await client
      .transaction()
      .patch(dropped.storyId, { set: { people: [] } })
      .delete(dropped.personId)
      .commit()
    expect(await get(dropped.personId)).toBeUndefined()
  })

  it('is refused while a draft refers to it, and allowed while only a weak reference or a release version does', async () => {
    const personId = uniqueId('person')
    const draftId = `drafts.${uniqueId('story')}`
    await client
      .transaction()
      .create(person(personId))
      .create(story(draftId, [ref(personId)]))
      .commit()
    const error = await refusal(client.delete(personId))
    expect(error.details?.items?.[0]?.error.referencingIDs).toEqual([draftId])

    await client
      .patch(draftId)
      .set({ people: [ref(personId, { _weak: true })] })
      .commit()
    const { releaseId } = await client.releases.create({
      releaseId: `r${Math.random().toString(36).slice(2, 10)}`,
      metadata: { title: 'Holds a version', releaseType: 'asap' },
    })
    await client.createVersion({
      releaseId,
      publishedId: uniqueId('story'),
      document: { _type: 'article', title: 'In a release', people: [ref(personId)] },
    })
    await client.delete(personId)
    expect(await get(personId)).toBeUndefined()
  })

  it('is refused for a Portable Text link, which the referrer index follows after edits', async () => {
    const personId = uniqueId('person')
    const storyId = uniqueId('story')
    const linkTo = (id: string) => [
      {
        _type: 'block',
        _key: 'b',
        children: [{ _type: 'span', _key: 's', text: 'them', marks: ['m'] }],
        markDefs: [{ _type: 'internalLink', _key: 'm', reference: { _type: 'reference', _ref: id } }],
      },
    ]
    const other = uniqueId('person')
    await client
      .transaction()
      .create(person(personId))
      .create(person(other))
      .create({ _id: storyId, _type: 'article', body: linkTo(other) })
      .commit()
    // The index is built by the first delete and then follows commits: the link moves to personId.
    expect((await refusal(client.delete(other))).details?.items?.[0]?.error.referencingIDs).toEqual([storyId])
    await client
      .patch(storyId)
      .set({ body: linkTo(personId) })
      .commit()
    await client.delete(other)
    const error = await refusal(client.delete(personId))
    expect(error.details?.items?.[0]?.error.referencingIDs).toEqual([storyId])
  })

  it('holds across writes committed together: of a new referrer and a delete of its target, one is refused', async () => {
    // Sent together, so writes may share a group commit (and be checked against ones accepted but
    // not yet on disk): whichever order the lake takes each pair in, no reference dangles.
    const pairs = Array.from({ length: 10 }, () => ({
      personId: uniqueId('person'),
      storyId: uniqueId('story'),
    }))
    await client.mutate(pairs.map(({ personId }) => ({ create: person(personId) })))
    const outcomes = await Promise.all(
      pairs.map(({ personId, storyId }) =>
        Promise.allSettled([client.create(story(storyId, [ref(personId)])), client.delete(personId)]),
      ),
    )
    for (const [index, pair] of outcomes.entries()) {
      expect(pair.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1)
      const { personId, storyId } = pairs[index] ?? { personId: '', storyId: '' }
      const [storyNow, personNow] = await Promise.all([get(storyId), get(personId)])
      expect(storyNow === undefined || personNow !== undefined).toBe(true)
    }
  })
})

describe('the Actions API', () => {
  it('unpublishing a person a published story shows is a 409 naming the story; nothing changes', async () => {
    const { personId, storyId } = await personInStory()
    const error = await refusal(
      client.action({
        actionType: 'sanity.action.document.unpublish',
        draftId: `drafts.${personId}`,
        publishedId: personId,
      }),
    )
    expect(error.statusCode).toBe(409)
    expect(error.details?.items?.[0]).toMatchObject({
      index: 0,
      error: { id: personId, referencingIDs: [storyId], type: 'documentHasExistingReferencesError' },
    })
    expect(await get(personId)).toMatchObject({ _id: personId })
    expect(await get(`drafts.${personId}`)).toBeUndefined()
  })

  it('deleting it (with its draft) is refused the same way; deleting the story first lets it go', async () => {
    const { personId, storyId } = await personInStory()
    await client.create({ ...person(personId), _id: `drafts.${personId}` })
    const remove = () =>
      client.action({
        actionType: 'sanity.action.document.delete',
        publishedId: personId,
        includeDrafts: [`drafts.${personId}`],
      })
    expect((await refusal(remove())).details?.items?.[0]?.error.referencingIDs).toEqual([storyId])
    expect(await get(`drafts.${personId}`)).toMatchObject({ _id: `drafts.${personId}` })
    await client.action({
      actionType: 'sanity.action.document.delete',
      publishedId: storyId,
      includeDrafts: [],
    })
    await remove()
    expect(await get(personId)).toBeUndefined()
  })

  it('publish strengthens references marked _strengthenOnPublish, keeping the ones the schema wants weak', async () => {
    const personId = uniqueId('person')
    const storyId = uniqueId('story')
    await client.create({ ...person(personId), _id: `drafts.${personId}` })
    const marked = ref(personId, { _weak: true, _strengthenOnPublish: { type: 'person' } })
    const weakBySchema = ref(personId, { _weak: true, _strengthenOnPublish: { type: 'person', weak: true } })
    await client.create(story(`drafts.${storyId}`, [marked, weakBySchema]))
    const publish = (id: string) =>
      client.action({
        actionType: 'sanity.action.document.publish',
        draftId: `drafts.${id}`,
        publishedId: id,
      })

    // Strengthened, the reference points at a person who is not published yet.
    const error = await refusal(publish(storyId))
    expect(error.details?.items?.[0]?.error).toMatchObject({ id: storyId, referenceID: personId })
    expect(await get(storyId)).toBeUndefined()

    await publish(personId)
    await publish(storyId)
    const published = await get(storyId)
    expect(published?.people).toEqual([
      { _type: 'reference', _key: marked._key, _ref: personId },
      { _type: 'reference', _key: weakBySchema._key, _ref: personId, _weak: true },
    ])
    expect((await refusal(client.delete(personId))).details?.items?.[0]?.error.referencingIDs).toEqual([
      storyId,
    ])
  })

  it("a release's publish checks its documents as published: a version's target must exist by then", async () => {
    const personId = uniqueId('person')
    const storyId = uniqueId('story')
    const newRelease = async () =>
      (
        await client.releases.create({
          releaseId: `r${Math.random().toString(36).slice(2, 10)}`,
          metadata: { title: 'Story and person', releaseType: 'asap' },
        })
      ).releaseId
    const first = await newRelease()
    // As the Studio's "Create new" writes it in a release: strong, to a document not there yet.
    await client.createVersion({
      releaseId: first,
      publishedId: storyId,
      document: { _type: 'article', title: 'Story', people: [ref(personId)] },
    })
    const error = await refusal(client.releases.publish({ releaseId: first }))
    expect(error.details?.items?.[0]?.error).toMatchObject({ id: storyId, referenceID: personId })
    expect(await get(storyId)).toBeUndefined()

    await client.createVersion({ releaseId: first, publishedId: personId, document: { _type: 'person' } })
    await client.releases.publish({ releaseId: first })
    expect(await get(storyId)).toMatchObject({ people: [{ _ref: personId }] })
  })
})

describe('after refusals', () => {
  it('the lake keeps serving reads and writes, and writes committed beside a refused one land', async () => {
    const good = uniqueId('person')
    const outcomes = await Promise.allSettled([
      client.create(story(uniqueId('story'), [ref(uniqueId('missing'))])),
      client.create(person(good)),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled'])
    expect(await client.fetch('*[_id == $id][0].name', { id: good })).toBe('Someone')
    const response = await fetch(`${target.url}/health`)
    expect(response.status).toBe(200)
  })
})
