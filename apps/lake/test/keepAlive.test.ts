import { Agent, get } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target } from './harness.ts'

let target: Target
// One socket, kept between requests, as a reverse proxy keeps its connections to the lake.
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

beforeAll(async () => {
  target = await startTarget()
})
afterAll(async () => {
  agent.destroy()
  await target.close()
})

/** GETs /health over the agent's socket; whether that socket was one kept from before. */
function health(): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = get(`${target.url}/health`, { agent }, (response) => {
      response.resume()
      response.on('end', () => resolve(request.reusedSocket))
    })
    request.on('error', reject)
  })
}

describe('keep-alive', () => {
  it('keeps an idle connection open longer than Node’s default 5 s, so a proxy reusing it is not reset', async () => {
    expect(await health()).toBe(false)
    // Past Node's default keep-alive timeout, which closed the connection under a waiting caller.
    await sleep(6_000)
    expect(await health()).toBe(true)
  })
})
