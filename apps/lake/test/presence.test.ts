import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startTarget, type Target } from './harness.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

interface Peer {
  socket: WebSocket
  messages: Array<Record<string, unknown>>
  call(method: string, params?: Record<string, unknown>): Promise<unknown>
}

/** A JSON-RPC peer speaking what the Studio's bifur client sends. */
async function connect(base: string, ca?: string): Promise<Peer> {
  const url = `${base.replace(/^http/, 'ws')}/v2022-06-30/socket/production`
  const socket = new WebSocket(url, ca ? { ca } : {})
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  const messages: Array<Record<string, unknown>> = []
  socket.on('message', (data) => {
    const text = data.toString()
    if (text !== '\u2665') messages.push(JSON.parse(text) as Record<string, unknown>)
  })
  let next = 0
  return {
    socket,
    messages,
    async call(method, params = {}) {
      const id = `req-${next++}`
      socket.send(JSON.stringify({ jsonrpc: '2.0', method, params: { ...params, apiVersion: 'v1' }, id }))
      const deadline = Date.now() + 3000
      for (;;) {
        const response = messages.find((message) => message.id === id)
        if (response) return response.result ?? response.error
        if (Date.now() > deadline) throw new Error(`no answer to ${method}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
  }
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('presence over the realtime socket', () => {
  it('relays announcements, roll calls and disconnects between editors (over wss too)', async () => {
    const local = target.local
    const alice = await connect(target.url)
    const bob = local ? await connect(local.httpsUrl, local.tls.caCert) : await connect(target.url)
    expect(await alice.call('authorization', { authorization: `Bearer ${target.writeToken}` })).toBe(true)
    expect(
      await bob.call('authorization', { authorization: `Bearer ${target.viewerToken ?? target.writeToken}` }),
    ).toBe(true)
    const subscription = await alice.call('presence_subscribe')
    expect(subscription).toEqual(expect.any(String))
    await bob.call('presence_subscribe')

    const locations = [{ type: 'document', documentId: 'article-1', path: ['slides'], lastActiveAt: 'now' }]
    await bob.call('presence_announce', { data: { sessionId: 'bob-session', locations } })
    await until(() => alice.messages.some((message) => message.method === 'presence_subscription'))
    const state = alice.messages.find((message) => message.method === 'presence_subscription')
    expect(state?.params).toMatchObject({
      subscription,
      result: { type: 'state', m: { sessionId: 'bob-session', locations } },
    })

    await alice.call('presence_rollcall', { session: 'alice-session' })
    await until(() =>
      bob.messages.some(
        (message) => (message.params as { result?: { type?: string } })?.result?.type === 'rollCall',
      ),
    )

    bob.socket.close()
    await until(() =>
      alice.messages.some(
        (message) => (message.params as { result?: { type?: string } })?.result?.type === 'disconnect',
      ),
    )
    alice.socket.close()
  })

  it('answers unknown methods with a JSON-RPC error', async () => {
    const peer = await connect(target.url)
    expect(await peer.call('explode')).toMatchObject({ code: -32601 })
    peer.socket.close()
  })
})
