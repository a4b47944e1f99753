import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient, type SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { FunctionLog, functionLogFile } from '../src/functions/functionLog.ts'
import { startFunctions } from '../src/functions/startFunctions.ts'
import { type RunningLake, startLake } from '../src/server.ts'

const LAKE_CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const TOKEN = 'functions-admin-token-0123456789abcdef'

/*
 * An app's blueprint as `sanity blueprints` reads it, with the real @sanity/blueprints definers
 * and @sanity/functions handlers. The app lives under test-results/ so those resolve from this
 * repository's node_modules, as an app's own would from its own.
 */
const BLUEPRINT = `import { defineBlueprint, defineDocumentFunction, defineSyncTagInvalidateFunction } from '@sanity/blueprints'

export default defineBlueprint({
  resources: [
    defineDocumentFunction({
      name: 'record',
      event: { on: ['create', 'update', 'delete'], filter: '_type == "note"', projection: '{_id, title, "was": before().title}' },
    }),
    defineDocumentFunction({ name: 'on-publish', event: { on: ['publish'], filter: '_type == "note"' } }),
    defineDocumentFunction({ name: 'flaky', event: { on: ['create'], filter: '_type == "flaky"' } }),
    defineSyncTagInvalidateFunction({ name: 'invalidate' }),
  ],
})
`

const FUNCTIONS: Record<string, string> = {
  record: `import { appendFileSync } from 'node:fs'
import { documentEventHandler } from '@sanity/functions'

export const handler = documentEventHandler(async ({ context, event }) => {
  appendFileSync(process.env.OUT, JSON.stringify({ fn: 'record', data: event.data, client: context.clientOptions }) + '\\n')
  console.log('recorded', event.data._id)
})
`,
  'on-publish': `import { appendFileSync } from 'node:fs'

export default async function ({ event }) {
  appendFileSync(process.env.OUT, JSON.stringify({ fn: 'on-publish', id: event.data._id, title: event.data.title }) + '\\n')
}
`,
  flaky: `import { appendFileSync, readFileSync } from 'node:fs'

export async function handler() {
  appendFileSync(process.env.ATTEMPTS, 'x')
  const attempts = readFileSync(process.env.ATTEMPTS, 'utf8').length
  if (attempts < 3) throw new Error('not yet: attempt ' + attempts)
  console.log('made it on attempt', attempts)
}
`,
  invalidate: `import { appendFileSync, existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { syncTagInvalidateEventHandler } from '@sanity/functions'

export const handler = syncTagInvalidateEventHandler(async ({ context, event, done }) => {
  const { dataset } = context.clientOptions
  appendFileSync(process.env.OUT, JSON.stringify({ fn: 'invalidate', dataset, started: event.data.syncTags }) + '\\n')
  while (existsSync(process.env.HOLD)) await sleep(20)
  await done(event.data.syncTags)
})
`,
}

interface LiveMessage {
  id: string
  tags: string[]
}

/** A Live Content API stream's messages, as they arrive. */
function listen(url: string): { messages: LiveMessage[]; ready: () => boolean; close: () => void } {
  const messages: LiveMessage[] = []
  const abort = new AbortController()
  let welcomed = false
  void (async () => {
    const response = await fetch(url, { signal: abort.signal })
    const reader = response.body?.getReader()
    let buffer = ''
    while (reader) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += new TextDecoder().decode(value)
      const events = buffer.split('\n\n')
      buffer = events.pop() ?? ''
      for (const raw of events) {
        const fields = Object.fromEntries(
          raw
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        )
        if (fields.event === 'welcome') welcomed = true
        if (fields.event === 'message')
          messages.push({ id: fields.id ?? '', tags: JSON.parse(fields.data ?? '{}').tags })
      }
    }
  })().catch(() => {})
  return { messages, ready: () => welcomed, close: () => abort.abort() }
}

describe('functions of an app’s blueprint, under the lake', () => {
  const appDir = mkdtempSync(
    join(fileURLToPath(new URL('../test-results/', import.meta.url)), 'functions-app-'),
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-functions-'))
  const files = {
    OUT: join(appDir, 'out.ndjson'),
    ATTEMPTS: join(appDir, 'attempts'),
    HOLD: join(appDir, 'hold'),
  }
  const said: string[] = []
  let running: RunningLake
  let client: SanityClient
  let stopFunctions: (() => Promise<void>) | undefined

  const lines = () =>
    existsSync(files.OUT)
      ? readFileSync(files.OUT, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : []
  const start = async () => {
    stopFunctions = await startFunctions(running.lake, {
      appDir,
      env: { ...process.env, ...files },
      log: (line) => said.push(line),
      retryBaseMs: 20,
    })
  }

  beforeAll(async () => {
    writeFileSync(join(appDir, 'sanity.blueprint.ts'), BLUEPRINT)
    for (const [name, source] of Object.entries(FUNCTIONS)) {
      mkdirSync(join(appDir, 'functions', name), { recursive: true })
      writeFileSync(join(appDir, 'functions', name, name === 'on-publish' ? 'index.mjs' : 'index.ts'), source)
    }
    const config = loadConfig(
      {},
      {
        dataDir,
        port: 0,
        tlsPort: 0,
        seed: false,
        webhooks: [],
        tokens: [{ token: TOKEN, role: 'administrator' }],
      },
    )
    running = await startLake(config, () => {})
    client = createClient({
      projectId: 'local',
      dataset: 'production',
      apiVersion: '2025-02-19',
      apiHost: running.httpUrl,
      useProjectHostname: false,
      useCdn: false,
      token: TOKEN,
    })
    await start()
  })

  afterAll(async () => {
    await stopFunctions?.()
    await running.close()
    rmSync(appDir, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('reads the blueprint’s document and sync-tag-invalidate functions', () => {
    expect(said.join('\n')).toContain(
      'record (document), on-publish (document), flaky (document), invalidate (syncTagInvalidate)',
    )
  })

  it('gives document functions hosted’s payloads, filtered and projected, in commit order', async () => {
    await client.create({ _id: 'note-a', _type: 'note', title: 'A' })
    await client.patch('note-a').set({ title: 'B' }).commit()
    await client.create({ _id: 'other-a', _type: 'other', title: 'not a note' })
    await client.create({ _id: 'drafts.note-b', _type: 'note', title: 'a draft' })
    await client.delete('note-a')
    await expect
      .poll(() => lines().filter((line) => line.fn === 'record').length, { timeout: 30_000 })
      .toBe(3)
    const recorded = lines().filter((line) => line.fn === 'record')
    expect(recorded.map((line) => line.data)).toEqual([
      { _id: 'note-a', title: 'A', was: null },
      { _id: 'note-a', title: 'B', was: 'A' },
      { _id: 'note-a', title: 'B', was: 'B' },
    ])
    expect(recorded[0]?.client).toMatchObject({
      apiHost: 'https://api.sanity.io',
      projectId: 'local',
      dataset: 'production',
    })
    expect((recorded[0]?.client as { token?: string } | undefined)?.token).toBeTruthy()
    // `publish`: every write of the published document, not its deletion nor drafts; the whole document without a projection.
    await expect
      .poll(() => lines().filter((line) => line.fn === 'on-publish').length, { timeout: 30_000 })
      .toBe(2)
    expect(lines().filter((line) => line.fn === 'on-publish')).toEqual([
      { fn: 'on-publish', id: 'note-a', title: 'A' },
      { fn: 'on-publish', id: 'note-a', title: 'B' },
    ])
  })

  it('retries a failing function and never holds writes back for it', async () => {
    await client.create({ _id: 'flaky-1', _type: 'flaky' })
    // Writes go on while it fails.
    await client.create({ _id: 'note-during', _type: 'note', title: 'during' })
    const log = new FunctionLog(functionLogFile(dataDir))
    try {
      await expect
        .poll(
          () =>
            log
              .recent()
              .filter((run) => run.function === 'flaky')
              .map((run) => `${run.attempt} ${run.ok}`),
          {
            timeout: 30_000,
          },
        )
        .toEqual(['1 false', '2 false', '3 true'])
      expect(log.recent().find((run) => run.function === 'flaky' && run.ok)?.logs).toContain(
        'made it on attempt 3',
      )
    } finally {
      log.close()
    }
  })

  it('holds `waitFor=function` live events until the sync-tag-invalidate function is done', async () => {
    // A dataset of its own, so no earlier write's invalidation is queued ahead of this one.
    await running.lake.createDataset('live', 'public')
    const live = client.withConfig({ dataset: 'live' })
    writeFileSync(files.HOLD, '')
    const base = `${running.httpUrl}/v2025-02-19/data/live/events/live`
    const plain = listen(base)
    const waiting = listen(`${base}?waitFor=function`)
    try {
      await expect.poll(() => plain.ready() && waiting.ready(), { timeout: 30_000 }).toBe(true)
      const started = lines().length
      const { _rev: transactionId } = await live.create({ _id: 'note-live', _type: 'note', title: 'live' })
      await expect
        .poll(() => plain.messages.some((message) => message.id === transactionId), { timeout: 30_000 })
        .toBe(true)
      // The function has the tags and has not called done(): the waiting listener has heard nothing of it.
      await expect
        .poll(
          () =>
            lines()
              .slice(started)
              .some((line) => line.fn === 'invalidate' && line.dataset === 'live'),
          { timeout: 30_000 },
        )
        .toBe(true)
      const tags = lines()
        .slice(started)
        .find((line) => line.fn === 'invalidate' && line.dataset === 'live')?.started
      expect(tags).toEqual(plain.messages.find((message) => message.id === transactionId)?.tags)
      expect(waiting.messages.some((message) => message.id === transactionId)).toBe(false)
      rmSync(files.HOLD)
      await expect
        .poll(() => waiting.messages.find((message) => message.id === transactionId)?.tags, {
          timeout: 30_000,
        })
        .toEqual(tags)
    } finally {
      plain.close()
      waiting.close()
      rmSync(files.HOLD, { force: true })
    }
  }, 120_000)

  it('delivers what was written while they were stopped once they start again (at least once)', async () => {
    await stopFunctions?.()
    await client.create({ _id: 'note-offline', _type: 'note', title: 'written while stopped' })
    await start()
    await expect
      .poll(
        () =>
          lines().some(
            (line) => line.fn === 'record' && (line.data as { _id: string })._id === 'note-offline',
          ),
        {
          timeout: 30_000,
        },
      )
      .toBe(true)
  })

  it('leaves the functions of a blueprint that cannot be read off, with a line saying why', async () => {
    const brokenDir = mkdtempSync(join(appDir, 'broken-'))
    writeFileSync(join(brokenDir, 'sanity.blueprint.ts'), "throw new Error('no blueprint here')\n")
    const heard: string[] = []
    await expect(
      startFunctions(running.lake, { appDir: brokenDir, env: process.env, log: (line) => heard.push(line) }),
    ).resolves.toBeUndefined()
    expect(heard.join('\n')).toMatch(/functions of .*sanity\.blueprint\.ts do not run: .*no blueprint here/s)
  })

  it('`lake functions log` lists the invocations with what each printed', () => {
    const printed = spawnSync(process.execPath, [LAKE_CLI, 'functions', 'log', '--data-dir', dataDir], {
      encoding: 'utf8',
    })
    expect(printed.stdout).toMatch(/record {2}production {2}tx \S+ {2}note-a {2}attempt 1 {2}ok/)
    expect(printed.stdout).toContain('    recorded note-a')
    expect(printed.stdout).toMatch(/flaky .* attempt 1 {2}failed: not yet: attempt 1/)
  })
})
