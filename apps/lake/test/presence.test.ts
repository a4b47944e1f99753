import { connect as connectTcp } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target } from './harness.ts'
import { connectPeer as connect, until } from './presencePeer.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

describe('presence over the realtime socket', () => {
  it('relays announcements, roll calls and disconnects between editors (over wss too)', async () => {
    const local = target.local
    const alice = await connect(target.url)
    const bob = local ? await connect(local.httpsUrl, { ca: local.tls.caCert }) : await connect(target.url)
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

describe('presence privacy', () => {
  it('tells an anonymous socket nothing about where editors are', async () => {
    const anonymous = await connect(target.url)
    const alice = await connect(target.url)
    const bob = await connect(target.url)
    for (const editor of [alice, bob]) {
      expect(await editor.call('authorization', { authorization: `Bearer ${target.writeToken}` })).toBe(true)
    }
    expect(await anonymous.call('presence_subscribe')).toMatchObject({ code: 4001 })
    await bob.call('presence_subscribe')
    const locations = [{ type: 'document', documentId: 'drafts.secret-plan', path: [], lastActiveAt: 'now' }]
    expect(
      await anonymous.call('presence_announce', { data: { sessionId: 'lurker', locations } }),
    ).toMatchObject({ code: 4001 })
    await alice.call('presence_announce', { data: { sessionId: 'alice-session', locations } })
    await alice.call('presence_rollcall', { session: 'alice-session' })
    await until(
      () => bob.messages.filter((message) => message.method === 'presence_subscription').length >= 2,
    )
    expect(JSON.stringify(bob.messages)).not.toContain('lurker')

    const told = JSON.stringify(anonymous.messages)
    expect(told).not.toContain('presence_subscription')
    expect(told).not.toContain('secret-plan')
    for (const peer of [anonymous, alice, bob]) peer.socket.close()
  })
})

interface Upgrade {
  path?: string
  headers?: Record<string, string>
}

/** The status line (and body) the lake answers a WebSocket upgrade with, read off a raw connection. */
function upgradeStatus(
  url: string,
  { path = '/v2022-06-30/socket/production', headers = {} }: Upgrade,
  ca?: string,
) {
  const { hostname, port, protocol } = new URL(url)
  const socket =
    protocol === 'https:'
      ? connectTls({ host: hostname, port: Number(port), ca, servername: 'localhost' })
      : connectTcp({ host: hostname, port: Number(port) })
  const lines = [
    `GET ${path} HTTP/1.1`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ]
  socket.write(`${lines.join('\r\n')}\r\n\r\n`)
  return new Promise<string>((resolve, reject) => {
    let text = ''
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const [head = '', body = ''] = text.split('\r\n\r\n')
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0)
      if (text.includes('\r\n\r\n') && Buffer.byteLength(body) >= length) {
        socket.destroy()
        resolve(`${head.split('\r\n')[0]} ${body}`.trim())
      }
    })
    socket.once('error', reject)
  })
}

describe('presence upgrade policy (refused before the handshake, on both ports)', () => {
  const cases: Array<[string, Upgrade, RegExp]> = [
    ['upgrades a loopback Host', {}, /^HTTP\/1\.1 101 /],
    ['upgrades the Studio origin', { headers: { Origin: 'http://localhost:3333' } }, /^HTTP\/1\.1 101 /],
    [
      'refuses a rebound Host',
      { headers: { Host: 'attacker.example' } },
      /^HTTP\/1\.1 403 .*hostNotAllowedError/,
    ],
    [
      'refuses a foreign Origin',
      { headers: { Origin: 'https://evil.example' } },
      /^HTTP\/1\.1 403 .*corsOriginNotAllowedError/,
    ],
    ['refuses an unknown dataset', { path: '/v2022-06-30/socket/typo' }, /^HTTP\/1\.1 404 .*notFoundError/],
  ]
  for (const [name, upgrade, expected] of cases) {
    it(name, async () => {
      const local = target.local
      if (!local) return
      const on = (url: string, ca?: string) =>
        upgradeStatus(url, { ...upgrade, headers: { Host: new URL(url).host, ...upgrade.headers } }, ca)
      expect(await on(local.httpUrl)).toMatch(expected)
      expect(await on(local.httpsUrl, local.tls.caCert)).toMatch(expected)
    })
  }
})

describe('a malformed frame on the realtime socket', () => {
  it('closes that socket only: the lake keeps serving', async () => {
    const local = target.local
    if (!local) return
    const { hostname, port, host } = new URL(local.httpUrl)
    const socket = connectTcp({ host: hostname, port: Number(port) })
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.on('error', () => {})
    const upgraded = new Promise<void>((resolve) =>
      socket.once('data', (chunk: Buffer) => {
        if (chunk.toString().startsWith('HTTP/1.1 101 ')) resolve()
      }),
    )
    socket.write(
      [
        'GET /v2022-06-30/socket/production HTTP/1.1',
        `Host: ${host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '\r\n',
      ].join('\r\n'),
    )
    await upgraded
    // A close frame without the mask a client must set, as Caddy 2.6 sends one when it stops.
    socket.write(Buffer.from([0x88, 0x02, 0x03, 0xe8]))
    await closed
    expect((await fetch(`${local.httpUrl}/health`)).status).toBe(200)
  })
})
