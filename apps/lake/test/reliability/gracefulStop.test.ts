import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LakeProcess, processClient } from './lakeProcess.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'lake-graceful-'))
const TOKEN = 'graceful-stop-editor-token-0123456789'
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

interface Answer {
  status: number
  body: string
}

/**
 * A mutation whose body is held back: `Expect: 100-continue` makes the lake say when it has taken
 * the request (Node answers 100 as it hands the request to the lake), so the test knows the write
 * is in flight before it stops the lake, and sends the body only once the lake is stopping.
 */
function heldBackMutation(url: string, body: string) {
  const req = request(`${url}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      expect: '100-continue',
    },
  })
  const taken = new Promise<void>((resolve) => req.once('continue', () => resolve()))
  const answer = new Promise<Answer>((resolve, reject) => {
    req.once('error', reject)
    req.once('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
  })
  req.flushHeaders()
  return { taken, answer, send: () => req.end(body) }
}

describe('stopping the lake (SIGTERM, as systemd stops its unit)', () => {
  it('takes no new connections, ends event streams, and finishes the write in flight before it exits 0', async () => {
    const url = await lake.start()
    // An editor's listener: it must not hold the stop up.
    const listen = await fetch(`${url}/v2025-02-19/data/listen/production?query=*`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(listen.status).toBe(200)
    const streamEnded = listen.text()

    const write = heldBackMutation(
      url,
      JSON.stringify({ mutations: [{ create: { _id: 'written-while-stopping', _type: 'thing' } }] }),
    )
    await write.taken
    const exited = lake.kill('SIGTERM')
    await lake.waitForOutput(/lake: stopping; letting 1 request\(s\) in flight finish/)
    await expect(fetch(`${url}/health`)).rejects.toThrow()
    write.send()

    const answer = await write.answer
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toHaveProperty('transactionId')
    await streamEnded
    expect(await exited).toBe(0)
    expect(lake.output()).toContain('lake: stopped')

    const restarted = processClient(await lake.start(), TOKEN)
    expect(await restarted.getDocument('written-while-stopping')).toMatchObject({ _type: 'thing' })
  })
})
