import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target, uniqueId } from './harness.ts'

let target: Target
const person = uniqueId('ref-person')
const story = uniqueId('ref-story')
const draftStory = uniqueId('ref-draft-story')
const otherDataset = `refs-${Date.now().toString(36)}`
const crossDoc = uniqueId('ref-cross')

interface ReferencesAnswer {
  totalCount: number
  references: { documentId: string; projectId: string; datasetName: string }[]
}

const personRef = (id: string) => ({ _type: 'reference', _key: uniqueId('k'), _ref: id })

beforeAll(async () => {
  target = await startTarget()
  await target
    .client()
    .transaction()
    .create({ _id: person, _type: 'person', name: 'Referenced person' })
    // The person's own draft mentions the person: not a document that would break.
    .create({ _id: `drafts.${person}`, _type: 'person', name: 'Draft', related: personRef(person) })
    .create({ _id: story, _type: 'article', title: 'Published story', people: [personRef(person)] })
    .create({
      _id: `drafts.${draftStory}`,
      _type: 'article',
      title: 'Draft story',
      people: [personRef(person)],
    })
    .create({ _id: uniqueId('ref-unrelated'), _type: 'article', title: 'Unrelated', people: [] })
    .commit()
  await target.client().datasets.create(otherDataset, { aclMode: 'public' })
  await target
    .client()
    .withConfig({ dataset: otherDataset })
    .transaction()
    .create({
      _id: crossDoc,
      _type: 'mention',
      subject: {
        _type: 'crossDatasetReference',
        _ref: person,
        _dataset: target.dataset,
        _projectId: 'local',
      },
    })
    // A plain reference in the other dataset points at that dataset's documents, not ours: here
    // at a namesake of our person (a strong reference needs its target in its own dataset).
    .create({ _id: person, _type: 'person', name: 'Namesake in the other dataset' })
    .create({ _id: uniqueId('ref-plain'), _type: 'mention', subject: { _type: 'reference', _ref: person } })
    .commit()
})
afterAll(async () => {
  await target.client().datasets.delete(otherDataset)
  await target.close()
})

const url = (id: string, query = '') =>
  `${target.url}/v2025-02-19/data/references/${target.dataset}/documents/${id}/to${query}`

async function referencesTo(id: string, query = '', token: string | null = target.writeToken) {
  const response = await fetch(url(id, query), token ? { headers: { authorization: `Bearer ${token}` } } : {})
  expect(response.status).toBe(200)
  return (await response.json()) as ReferencesAnswer
}

describe('GET /data/references/:dataset/documents/:id/to', () => {
  it('lists the documents that refer to the id, drafts included for an editor', async () => {
    const answer = await referencesTo(person)
    expect(answer.totalCount).toBe(3)
    expect(answer.references).toEqual(
      expect.arrayContaining([
        { documentId: story, projectId: 'local', datasetName: target.dataset },
        { documentId: `drafts.${draftStory}`, projectId: 'local', datasetName: target.dataset },
        { documentId: crossDoc, projectId: 'local', datasetName: otherDataset },
      ]),
    )
  })

  it('answers the same for the id of a draft (the Studio asks with it when only a draft exists)', async () => {
    expect((await referencesTo(`drafts.${person}`)).totalCount).toBe(3)
  })

  it('with excludeInternalReferences, as the Studio asks, lists only cross-dataset references', async () => {
    const answer = await referencesTo(person, '?excludeInternalReferences=true&excludePaths=true')
    expect(answer).toEqual({
      totalCount: 1,
      references: [{ documentId: crossDoc, projectId: 'local', datasetName: otherDataset }],
    })
  })

  it('never tells an anonymous caller about drafts', async () => {
    const answer = await referencesTo(person, '', null)
    expect(answer.references.map((reference) => reference.documentId).sort()).toEqual(
      [crossDoc, story].sort(),
    )
    expect(JSON.stringify(answer)).not.toContain('drafts.')
  })

  it('answers nothing for a document nobody refers to', async () => {
    expect(await referencesTo(story)).toEqual({ totalCount: 0, references: [] })
  })

  it('is readable through @sanity/client', async () => {
    const answer = await target.client().request<ReferencesAnswer>({
      url: `/data/references/${target.dataset}/documents/${person}/to?excludeInternalReferences=true`,
    })
    expect(answer.totalCount).toBe(1)
  })

  it('refuses a bad id with 400 and an unknown dataset with 404, in the hosted error shape', async () => {
    const headers = { authorization: `Bearer ${target.writeToken}` }
    const bad = await fetch(url('bad%20id'), { headers })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBeTypeOf('string')
    const unknown = await fetch(
      `${target.url}/v2025-02-19/data/references/nope-${Date.now()}/documents/x/to`,
      {
        headers,
      },
    )
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { description: string } }).error.description).toBeTypeOf(
      'string',
    )
  })
})
