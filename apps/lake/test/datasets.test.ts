import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'
import { siteRevalidateWebhook } from '../src/webhooks/webhookConfig.ts'
import { API_VERSION, startTarget, type Target } from './harness.ts'

/** Every file under the data dir, so a test can show a request created none. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes('webhook'))
    .sort()
}

describe.skipIf(process.env.LAKE_TARGET_URL)('datasets exist only when created', () => {
  let target: Target
  let base: string
  let dataDir: string
  const admin = () => ({ authorization: `Bearer ${target.writeToken}` })

  beforeAll(async () => {
    target = await startTarget()
    base = `${target.local?.httpUrl}/v${API_VERSION}`
    dataDir = target.local?.lake.config.dataDir ?? ''
  })
  afterAll(() => target?.close())

  it('answers 404 to every operation on an unknown dataset and creates no files', async () => {
    const before = filesUnder(dataDir)
    const attempts: Array<[string, RequestInit]> = [
      ['/data/query/typo?query=*', {}],
      ['/data/doc/typo/some-id', {}],
      ['/data/listen/typo?query=*', {}],
      ['/data/history/typo/transactions/x', {}],
      ['/data/export/typo', {}],
      [
        '/data/mutate/typo',
        {
          method: 'POST',
          headers: { ...admin(), 'content-type': 'application/json' },
          body: JSON.stringify({ mutations: [{ create: { _type: 'article', title: 'lost' } }] }),
        },
      ],
      [
        '/data/actions/typo',
        {
          method: 'POST',
          headers: { ...admin(), 'content-type': 'application/json' },
          body: JSON.stringify({
            actions: [
              {
                actionType: 'sanity.action.document.create',
                publishedId: 'x',
                attributes: { _id: 'drafts.x', _type: 'article' },
              },
            ],
          }),
        },
      ],
      [
        '/assets/files/typo',
        { method: 'POST', headers: { ...admin(), 'content-type': 'text/plain' }, body: 'hello' },
      ],
    ]
    for (const [path, init] of attempts) {
      const response = await fetch(`${base}${path}`, { ...init, headers: { ...admin(), ...init.headers } })
      expect(response.status, path).toBe(404)
      const body = (await response.json()) as { error: { type: string; description: string } }
      expect(body.error.description).toContain('Dataset "typo" not found')
      // Anonymous callers may be refused for want of a token first; either way nothing opens.
      const anonymous = await fetch(`${base}${path}`, {
        ...init,
        headers: { ...init.headers, authorization: '' },
      })
      expect([401, 403, 404], path).toContain(anonymous.status)
    }
    expect(filesUnder(dataDir)).toEqual(before)
  })

  it('creates, lists and deletes datasets through the Projects API, administrators only', async () => {
    const url = `${target.local?.httpUrl}/v2021-06-07/projects/local/datasets`
    const viewer = { authorization: `Bearer ${target.viewerToken}` }
    expect((await fetch(`${url}/drafts-only`, { method: 'PUT' })).status).toBe(401)
    expect((await fetch(`${url}/drafts-only`, { method: 'PUT', headers: viewer })).status).toBe(403)

    const created = await target.client().datasets.create('staging', { aclMode: 'private' })
    expect(created).toEqual({ datasetName: 'staging', aclMode: 'private' })
    expect((await fetch(`${url}/staging`, { method: 'PUT', headers: admin() })).status).toBe(409)
    const names = (await target.client().datasets.list()).map((dataset) => dataset.name)
    expect(names).toEqual(expect.arrayContaining(['production', 'staging']))

    const staging = target.client().withConfig({ dataset: 'staging' })
    await staging.create({ _id: 'hello', _type: 'article', title: 'In staging' })
    expect(await staging.fetch('*[_id == "hello"][0].title')).toBe('In staging')
    const anonymous = await fetch(`${base}/data/query/staging?query=*`)
    expect(anonymous.status).toBe(401)

    expect(await target.client().datasets.delete('staging')).toEqual({ deleted: true })
    expect((await fetch(`${base}/data/query/staging?query=*`, { headers: admin() })).status).toBe(404)
    expect((await fetch(`${url}/staging`, { method: 'DELETE', headers: admin() })).status).toBe(404)
  })

  it('deletes a dataset with its comments add-on, so one made again under the name starts without the old comments', async () => {
    const client = target.client()
    const discover = () =>
      client.request<Array<{ name: string }>>({
        url: '/projects/local/datasets?datasetProfile=comments&addonFor=doomed',
      })
    await client.datasets.create('doomed')
    await client.request({ url: '/comments/doomed/setup', method: 'POST' })
    const addon = client.withConfig({ dataset: 'doomed-comments' })
    await addon.create({ _id: 'old-comment', _type: 'comment', message: 'about the old dataset' })
    expect((await discover()).map((dataset) => dataset.name)).toEqual(['doomed-comments'])

    await client.datasets.delete('doomed')
    const names = (await client.datasets.list()).map((dataset) => dataset.name)
    expect(names).not.toContain('doomed')
    expect(names).not.toContain('doomed-comments')
    expect((await fetch(`${base}/data/query/doomed-comments?query=*`, { headers: admin() })).status).toBe(404)

    await client.datasets.create('doomed')
    expect(await discover()).toEqual([])
    await client.request({ url: '/comments/doomed/setup', method: 'POST' })
    expect(await addon.fetch('*[_id == "old-comment"]')).toEqual([])
    await client.datasets.delete('doomed')
  })

  it('refuses invalid names with a 400', async () => {
    const response = await fetch(`${target.local?.httpUrl}/v2021-06-07/projects/local/datasets/Not%20Valid`, {
      method: 'PUT',
      headers: admin(),
    })
    expect(response.status).toBe(400)
  })
})

describe('lake dataset create|list|delete', () => {
  it('manages datasets from the command line', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lake-dataset-cli-'))
    const cli = (...args: string[]) =>
      execFileSync(
        process.execPath,
        [join(import.meta.dirname, '../src/cli.ts'), ...args, '--data-dir', dataDir],
        {
          encoding: 'utf8',
          env: { ...process.env, LAKE_TOKENS: '' },
        },
      )
    try {
      expect(cli('dataset', 'create', 'drafts-review', '--acl', 'private')).toContain(
        'created private dataset',
      )
      expect(cli('dataset', 'list')).toMatch(/^drafts-review\tprivate\t/m)
      expect(() => cli('dataset', 'create', 'drafts-review')).toThrow(/already exists/)
      expect(cli('dataset', 'delete', 'drafts-review')).toContain('deleted dataset')
      expect(cli('dataset', 'list')).toBe('')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(process.env.LAKE_TARGET_URL)('a webhook for a dataset that does not exist', () => {
  it('is skipped with a log line; the lake starts and serves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lake-webhook-typo-'))
    const lines: string[] = []
    const webhook = { ...siteRevalidateWebhook({ SITE_URL: 'http://127.0.0.1:9' }), dataset: 'productoin' }
    const lake = await startLake(
      loadConfig({}, { dataDir, port: 0, tlsPort: 0, seed: false, webhooks: [webhook] }),
      (line) => lines.push(line),
    )
    try {
      expect((await fetch(`${lake.httpUrl}/health`)).status).toBe(200)
      expect(lines.join('\n')).toContain('dataset "productoin", which does not exist')
    } finally {
      await lake.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
