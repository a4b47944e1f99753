import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseBody } from 'next-sanity/webhook'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { secretsFile } from '../src/secrets/dataDirSecrets.ts'
import { type RunningLake, startLake } from '../src/server.ts'
import { siteRevalidateWebhook } from '../src/webhooks/webhookConfig.ts'

/*
 * With no SANITY_REVALIDATE_SECRET, the lake's default webhook is signed with the random secret
 * kept in its data dir, which is where `next dev` reads it from: nothing is built in.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'lake-webhook-secret-'))
const verdicts: Array<boolean | null> = []
let receiver: Server
let lake: RunningLake

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const { revalidateSecret } = JSON.parse(readFileSync(secretsFile(dataDir), 'utf8')) as {
      revalidateSecret: string
    }
    const request = new Request('http://site/api/revalidate', {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    })
    // parseBody is typed for NextRequest; it reads only what a plain Request has.
    verdicts.push((await parseBody(request as never, revalidateSecret, false)).isValidSignature)
    res.writeHead(200).end()
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const site = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  lake = await startLake(
    loadConfig(
      {},
      {
        dataDir,
        port: 0,
        tlsPort: 0,
        seed: false,
        webhooks: [{ ...siteRevalidateWebhook({ SITE_URL: site }), retryBaseMs: 20 }],
      },
    ),
    () => {},
  )
})

afterAll(async () => {
  await lake?.close()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the default site webhook without SANITY_REVALIDATE_SECRET', () => {
  it('carries no secret of its own', () => {
    expect(siteRevalidateWebhook({ SITE_URL: 'http://localhost:3000' }).secret).toBeUndefined()
    expect(siteRevalidateWebhook({ SANITY_REVALIDATE_SECRET: 'configured' }).secret).toBe('configured')
  })

  it("is signed with the data dir's revalidateSecret", async () => {
    const response = await fetch(`${lake.httpUrl}/v2025-02-19/data/mutate/production`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [{ create: { _type: 'article', title: 'Signed' } }] }),
    })
    expect(response.status).toBe(200)
    const deadline = Date.now() + 8000
    while (verdicts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(verdicts).toEqual([true])
  })
})
