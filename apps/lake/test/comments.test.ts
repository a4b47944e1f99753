import { writeFileSync } from 'node:fs'
import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configFile } from '../src/config.ts'
import { API_VERSION, startTarget, type Target, uniqueId } from './harness.ts'

/**
 * Comments and tasks as the Studio (6.16, comments v1) keeps them: in a private add-on dataset it
 * finds by profile or has made, read and written with the ordinary data API by editors only.
 */
const EDITOR = {
  token: 'contract-editor-token-0123456789abcdef',
  role: 'editor',
  name: 'Comments editor',
} as const
const DISCOVERY = `/projects/local/datasets?datasetProfile=comments&addonFor=production`

let target: Target
const logLines: string[] = []

beforeAll(async () => {
  target = await startTarget({ tokens: [EDITOR], log: (line) => logLines.push(line) })
})
afterAll(() => target?.close())

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode

/** A request as the Studio makes it, through the real client's `request`. */
function studioRequest<T>(client: SanityClient, url: string, method = 'GET'): Promise<T> {
  return client.request<T>({ url, method })
}

const editor = () => target.client({ token: EDITOR.token })
const viewer = () => target.client({ token: target.viewerToken })
const anonymous = () => target.client({ anonymous: true })
const onAddon = (client: SanityClient) => client.withConfig({ dataset: 'production-comments' })

function comment(overrides: Record<string, unknown> = {}) {
  return {
    _id: uniqueId('comment'),
    _type: 'comment',
    threadId: uniqueId('thread'),
    status: 'open',
    message: [
      { _type: 'block', _key: 'b', children: [{ _type: 'span', _key: 's', text: 'Check the credit' }] },
    ],
    target: {
      document: { _type: 'crossDatasetReference', _ref: 'article-x', _dataset: 'production', _weak: true },
      documentType: 'article',
      path: { field: 'slides[_key=="slide-07"].heading' },
    },
    ...overrides,
  }
}

async function userId(token: string): Promise<string> {
  return (await target.client({ token }).request<{ id: string }>({ url: '/users/me' })).id
}

describe.skipIf(process.env.LAKE_TARGET_URL)('the comments add-on dataset', () => {
  it('is switched on by the feature keys the Studio gates comments and tasks on', async () => {
    const features = await studioRequest<string[]>(editor(), '/features')
    expect(features).toEqual(expect.arrayContaining(['studioComments', 'sanityTasks']))
  })

  it('is not there before setup, and only editors may set it up', async () => {
    expect(await studioRequest(editor(), DISCOVERY)).toEqual([])
    const byAnonymous = await studioRequest(anonymous(), '/comments/production/setup', 'POST').catch(
      (caught: unknown) => caught,
    )
    expect(statusOf(byAnonymous)).toBe(401)
    const byViewer = await studioRequest(viewer(), '/comments/production/setup', 'POST').catch(
      (caught: unknown) => caught,
    )
    expect(statusOf(byViewer)).toBe(403)
    expect(target.local?.lake.registry.get('production-comments')).toBeUndefined()
  })

  it('is made once by setup, however many editors ask at the same time, and discovery finds it', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        studioRequest<{ datasetName: string }>(editor(), '/comments/production/setup', 'POST'),
      ),
    )
    expect(answers.map((answer) => answer.datasetName)).toEqual(Array(3).fill('production-comments'))
    const again = await studioRequest<{ datasetName: string }>(editor(), '/comments/production/setup', 'POST')
    expect(again.datasetName).toBe('production-comments')
    const addons = target.local?.lake.registry.list().filter((info) => info.addonFor === 'production')
    expect(addons).toEqual([expect.objectContaining({ name: 'production-comments', aclMode: 'private' })])

    expect(await studioRequest(editor(), DISCOVERY)).toEqual([
      expect.objectContaining({
        name: 'production-comments',
        datasetProfile: 'comments',
        addonFor: 'production',
        aclMode: 'private',
      }),
    ])
    const all = await studioRequest<Array<{ name: string; datasetProfile: string }>>(
      editor(),
      '/projects/local/datasets',
    )
    expect(all.find((info) => info.name === 'production')?.datasetProfile).toBe('content')
    expect(logLines.join('\n')).toContain('E-mail notifications are a hosted Sanity service')
  })

  it('answers 404 to setup for a dataset that was never created', async () => {
    const error = await studioRequest(editor(), '/comments/typo/setup', 'POST').catch(
      (caught: unknown) => caught,
    )
    expect(statusOf(error)).toBe(404)
    expect(target.local?.lake.registry.get('typo-comments')).toBeUndefined()
  })

  it('lets editors write, read and listen to comments and tasks', async () => {
    const client = onAddon(editor())
    const events: string[] = []
    const subscription = client
      .listen('*[_type in ["comment", "tasks.task"]]', {}, { events: ['welcome', 'mutation'] })
      .subscribe((event) => events.push(event.type))
    await expect.poll(() => events, { timeout: 15_000 }).toContain('welcome')
    const written = await client.create(comment())
    expect(await client.fetch('*[_id == $id][0].status', { id: written._id })).toBe('open')
    await client.patch(written._id).set({ status: 'resolved' }).commit()
    expect(await client.getDocument(written._id)).toMatchObject({ status: 'resolved' })
    await client.create({
      _id: uniqueId('task'),
      _type: 'tasks.task',
      title: 'Check slide 12',
      status: 'open',
    })
    await expect.poll(() => events.filter((type) => type === 'mutation').length, { timeout: 15_000 }).toBe(3)
    subscription.unsubscribe()
  })

  it('is closed to viewers and anonymous callers, for reading and for writing', async () => {
    const id = (await onAddon(editor()).create(comment()))._id
    const attempts: Array<[string, (client: SanityClient) => Promise<unknown>]> = [
      ['query', (client) => client.fetch('*[_type == "comment"]')],
      ['doc', (client) => client.getDocument(id)],
      ['create', (client) => client.create(comment())],
      ['patch', (client) => client.patch(id).set({ status: 'resolved' }).commit()],
      ['export', (client) => client.request({ url: '/data/export/production-comments' })],
    ]
    for (const [caller, client, status] of [
      ['anonymous', onAddon(anonymous()), 401],
      ['viewer', onAddon(viewer()), 403],
    ] as const) {
      for (const [name, attempt] of attempts) {
        const error = await attempt(client).then(
          () => undefined,
          (caught: unknown) => caught,
        )
        expect(statusOf(error), `${caller} ${name}`).toBe(status)
      }
    }
    const listen = await fetch(`${target.url}/v${API_VERSION}/data/listen/production-comments?query=*`, {
      headers: { authorization: `Bearer ${target.viewerToken}` },
    })
    expect(listen.status).toBe(403)
    // A viewer's Studio finds no add-on, so it shows no comments rather than an error.
    expect(await studioRequest(viewer(), DISCOVERY)).toEqual([])
    expect(await onAddon(editor()).getDocument(id)).toMatchObject({ status: 'open' })
  })

  it('sends no e-mail for a mention or an assignment, and says so in the lake log', async () => {
    const editorId = await userId(EDITOR.token)
    const mention = {
      _type: 'block',
      _key: 'm',
      children: [
        { _type: 'span', _key: 's', text: 'Over to you ' },
        { _type: 'mention', _key: 'u', userId: editorId },
      ],
    }
    await onAddon(target.client()).create(comment({ message: [mention] }))
    // As the Studio writes a task: a draft first, then created with "Create Task".
    const task = await onAddon(target.client()).create({
      _id: uniqueId('task'),
      _type: 'tasks.task',
      title: 'Check the credit on slide 12',
      assignedTo: editorId,
      status: 'open',
    })
    expect(logLines.join('\n')).not.toContain('assigned the task')
    await onAddon(target.client()).patch(task._id).set({ createdByUser: new Date().toISOString() }).commit()
    const log = logLines.join('\n')
    expect(log).toContain(`no e-mail to ${EDITOR.name} (mentioned in a comment on "article-x")`)
    expect(log).toContain(`no e-mail to ${EDITOR.name} (assigned the task "Check the credit on slide 12")`)
  })
})

interface Member {
  id: string
  displayName?: string
  name: string
  isRobot: boolean
  isCurrentUser: boolean
}
interface Group {
  _id: string
  members: string[]
  grants: Array<{ filter: string; permissions: string[] }>
}

describe.skipIf(process.env.LAKE_TARGET_URL)('who can be mentioned and assigned', () => {
  const membersOf = async (client: SanityClient) =>
    (await studioRequest<{ members: Member[] }>(client, '/projects/local')).members
  const groups = (client: SanityClient) =>
    client.fetch<Group[]>('*[_type == "system.group"]{_id, members, grants} | order(_id asc)')

  it('lists the named token identities as people, other tokens as robots', async () => {
    const members = await membersOf(editor())
    const people = members.filter((member) => !member.isRobot).map((member) => member.name)
    expect(people.sort()).toEqual(['Comments editor', 'Contract admin', 'Contract viewer'])
    expect(members.filter((member) => member.isRobot).map((member) => member.name)).toEqual(['Sanity CLI'])
    expect(members.find((member) => member.isCurrentUser)?.name).toBe(EDITOR.name)
    expect(await membersOf(anonymous())).toEqual([])

    const ids = members.map((member) => member.id).join(',')
    const users = await studioRequest<Array<{ displayName: string; imageUrl: unknown }>>(
      editor(),
      `/users/${ids}`,
    )
    expect(users.map((user) => user.displayName)).toEqual(members.map((member) => member.name))
    // No picture from anywhere: the Studio draws initials, with nothing fetched off the machine.
    expect(users.every((user) => user.imageUrl === null)).toBe(true)
  })

  it("keeps the groups the Studio checks a member's access with, readable by members only", async () => {
    const editorId = await userId(EDITOR.token)
    const viewerId = await userId(target.viewerToken ?? '')
    const found = await groups(editor())
    expect(found.map((group) => group._id)).toEqual([
      '_.groups.administrator',
      '_.groups.editor',
      '_.groups.viewer',
    ])
    const [, editors, viewers] = found
    expect(editors?.members).toEqual([editorId])
    expect(editors?.grants).toEqual([
      { filter: '_id in path("**")', permissions: expect.arrayContaining(['read', 'update']) },
    ])
    expect(viewers?.members).toEqual([viewerId])
    expect(viewers?.grants[0]?.permissions).not.toContain('update')
    expect(await groups(anonymous())).toEqual([])
    // The add-on has them too, as every hosted dataset does.
    expect((await groups(onAddon(editor()))).map((group) => group._id)).toHaveLength(3)
  })

  it('follows the tokens in lake.config.json as they change', async () => {
    const lake = target.local?.lake
    if (!lake) throw new Error('needs a local lake')
    const added = { token: 'contract-added-editor-0123456789abcdef', role: 'editor', name: 'Added editor' }
    writeFileSync(configFile(lake.config.dataDir), JSON.stringify({ tokens: [added] }))
    const addedId = await userId(added.token)
    const editors = (await groups(editor())).find((group) => group._id === '_.groups.editor')
    expect(editors?.members).toContain(addedId)
    expect((await membersOf(editor())).map((member) => member.name)).toContain('Added editor')

    writeFileSync(configFile(lake.config.dataDir), JSON.stringify({ tokens: [] }))
    const after = (await groups(editor())).find((group) => group._id === '_.groups.editor')
    expect(after?.members).not.toContain(addedId)
  })
  it('lets no caller write the groups, administrators included, as hosted keeps its system documents', async () => {
    const admin = target.client()
    const editorId = await userId(EDITOR.token)
    const attempts: Array<{ client: SanityClient; mutations: unknown[] }> = [
      {
        client: admin,
        mutations: [{ patch: { id: '_.groups.administrator', set: { members: [editorId] } } }],
      },
      { client: admin, mutations: [{ delete: { id: '_.groups.viewer' } }] },
      {
        client: admin,
        mutations: [{ createOrReplace: { _id: '_.groups.editor', _type: 'system.group', members: [] } }],
      },
      {
        client: admin,
        mutations: [{ create: { _id: '_.groups.custom', _type: 'system.group', members: [editorId] } }],
      },
      {
        client: editor(),
        mutations: [{ patch: { query: '*[_type == "system.group"]', set: { members: [] } } }],
      },
      { client: onAddon(admin), mutations: [{ delete: { id: '_.groups.editor' } }] },
    ]
    const before = await groups(admin)
    for (const { client, mutations } of attempts) {
      const refusal = await client.mutate(mutations as never).catch((error: unknown) => error)
      expect(statusOf(refusal), JSON.stringify(mutations)).toBe(403)
      expect((refusal as { response: { body: unknown } }).response.body).toMatchObject({
        error: {
          type: 'mutationError',
          items: [{ index: 0, error: { type: 'insufficientPermissionsError', permission: 'manage' } }],
        },
      })
    }
    expect(await groups(admin)).toEqual(before)
    expect(await admin.fetch('count(*[_id in path("_.groups.**")])')).toBe(3)
  })

  it('keeps serving when the groups cannot be written, and says so in the log', async () => {
    const lake = target.local?.lake
    if (!lake) throw new Error('needs a local lake')
    const dataset = lake.dataset('production')
    const commit = dataset.commit
    dataset.commit = () => {
      throw new Error('no space left on device')
    }
    try {
      const later = { token: 'contract-later-editor-0123456789abcdef', role: 'editor', name: 'Later editor' }
      writeFileSync(configFile(lake.config.dataDir), JSON.stringify({ tokens: [later] }))
      expect(await userId(later.token)).toMatch(/^t/)
      expect(logLines.join('\n')).toContain(
        'could not update the member groups in "production": no space left on device',
      )
    } finally {
      dataset.commit = commit
      writeFileSync(configFile(lake.config.dataDir), JSON.stringify({ tokens: [] }))
    }
  })
})

describe.skipIf(process.env.LAKE_TARGET_URL)('the dev identity as a member', () => {
  let devTarget: Target
  beforeAll(async () => {
    devTarget = await startTarget({ devIdentity: true })
  })
  afterAll(() => devTarget?.close())

  it('is a person the Studio can mention, and an administrator in the groups', async () => {
    // No token from loopback: the dev identity, as `npm run dev` has it.
    const tokenless = devTarget.client({ anonymous: true })
    const { members } = await studioRequest<{ members: Member[] }>(tokenless, '/projects/local')
    expect(members.find((member) => member.isCurrentUser)).toMatchObject({
      id: 'pLocalDeveloper',
      name: 'Local Developer',
      isRobot: false,
    })
    const admins = await tokenless.fetch<string[]>('*[_id == "_.groups.administrator"][0].members')
    expect(admins).toContain('pLocalDeveloper')
  })
})
