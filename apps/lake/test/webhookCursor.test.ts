import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { type RunningLake, startLake } from '../src/server.ts'

const TOKEN = 'webhook-cursor-admin-token-0123456789abcdef'
const CLI = join(import.meta.dirname, '../src/cli.ts')
const dataDir = mkdtempSync(join(tmpdir(), 'lake-webhook-cursor-'))
const delivered: string[] = []
let receiver: Server

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const id = req.headers['sanity-document-id']
    if (typeof id === 'string') delivered.push(id)
    res.end('ok')
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
})
afterAll(() => {
  receiver.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function start(): Promise<RunningLake> {
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  const config = loadConfig(
    { LAKE_SEED: '0' },
    {
      dataDir,
      port: 0,
      tlsPort: 0,
      devIdentity: false,
      tokens: [{ token: TOKEN, role: 'administrator' }],
      webhooks: [{ name: 'probe', url, dataset: 'production', on: ['create', 'update', 'delete'] }],
    },
  )
  return startLake(config, () => {})
}

async function create(lake: RunningLake, ids: string[]): Promise<void> {
  const client = createClient({
    projectId: 'local',
    dataset: 'production',
    apiHost: lake.httpUrl,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    token: TOKEN,
    useCdn: false,
  })
  for (const id of ids) await client.create({ _id: id, _type: 'probe' })
}

async function deliveredEventually(id: string): Promise<boolean> {
  for (let waited = 0; waited < 5000; waited += 50) {
    if (delivered.includes(id)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

describe('webhook cursor', () => {
  it('after `lake reset` the new dataset is delivered from its first transaction, not skipped', async () => {
    const before = await start()
    const old = ['old-1', 'old-2', 'old-3', 'old-4', 'old-5']
    await create(before, old)
    expect(await deliveredEventually('old-5')).toBe(true)
    await before.close()

    // The dataset's transaction log starts again at 1; the delivery log stays.
    execFileSync(process.execPath, [CLI, 'reset', '--data-dir', dataDir], { stdio: 'ignore' })

    const after = await start()
    try {
      await create(after, ['new-1'])
      expect(await deliveredEventually('new-1')).toBe(true)
      expect(delivered.filter((id) => id.startsWith('old-'))).toEqual(old)
    } finally {
      await after.close()
    }
  })
})
