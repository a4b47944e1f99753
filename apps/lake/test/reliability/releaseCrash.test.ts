import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SanityClient } from '@sanity/client'
import { afterAll, describe, expect, it } from 'vitest'
import { LakeProcess, processClient } from './lakeProcess.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'lake-release-crash-'))
const TOKEN = 'release-crash-editor-token-0123456789ab'
const lake = new LakeProcess({
  LAKE_DATA_DIR: dataDir,
  LAKE_TOKENS: `${TOKEN}:editor`,
  LAKE_DEV_IDENTITY: '0',
  LAKE_SEED: '0',
})

afterAll(async () => {
  await lake.kill()
  rmSync(dataDir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`)
    await sleep(50)
  }
}

/** The transactions that ever changed a document, from the lake's log. */
async function transactionsOf(client: SanityClient, id: string): Promise<string[]> {
  const log = await client.request<string>({
    url: `/data/history/production/transactions/${id}?excludeContent=true`,
  })
  return log
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id)
}

describe('scheduled publishing across a crash (promise: a release due while the lake is down publishes once)', () => {
  it('publishes a release that fell due during a SIGKILL exactly once, at the next start', async () => {
    let client = processClient(await lake.start(), TOKEN)
    const storyId = 'embargoed-story'
    await client.create({ _id: storyId, _type: 'article', title: 'Before the embargo' })
    const { releaseId } = await client.releases.create({
      metadata: { title: 'At six', releaseType: 'scheduled' },
    })
    await client.createVersion({
      releaseId,
      publishedId: storyId,
      document: { _type: 'article', title: 'After the embargo' },
    })
    const publishAt = new Date(Date.now() + 2_000).toISOString()
    await client.releases.schedule({ releaseId, publishAt })
    await lake.kill('SIGKILL')
    const killedAt = Date.now()

    await sleep(Math.max(0, Date.parse(publishAt) - Date.now()) + 500)
    client = processClient(await lake.start(), TOKEN)
    const published = await until(
      () => client.releases.get({ releaseId }),
      (release) => release?.state === 'published',
    )
    // Published by the restarted lake, after the old one had died (so the test did cover a release
    // due while the lake was down, whether the kill came just before publishAt or, on a slow
    // machine, just after it but before the old lake got to it), and not before publishAt.
    expect(Date.parse(published?.publishedAt ?? '')).toBeGreaterThan(killedAt)
    expect(Date.parse(published?.publishedAt ?? '')).toBeGreaterThan(Date.parse(publishAt))
    const story = await client.getDocument(storyId)
    expect(story).toMatchObject({ title: 'After the embargo' })
    expect(await transactionsOf(client, storyId)).toHaveLength(2)

    // Another crash and start: the release is published already, so nothing runs again.
    await lake.kill('SIGKILL')
    client = processClient(await lake.start(), TOKEN)
    await sleep(1_000)
    expect((await client.getDocument(storyId))?._rev).toBe(story?._rev)
    expect((await client.releases.get({ releaseId }))?._rev).toBe(published?._rev)
    expect(await transactionsOf(client, storyId)).toHaveLength(2)
  })
})
