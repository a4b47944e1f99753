import WebSocket from 'ws'

export interface Peer {
  socket: WebSocket
  messages: Array<Record<string, unknown>>
  call(method: string, params?: Record<string, unknown>): Promise<unknown>
}

/** A JSON-RPC peer on the realtime socket, speaking what the Studio's bifur client sends. */
export async function connectPeer(base: string, options: WebSocket.ClientOptions = {}): Promise<Peer> {
  const url = `${base.replace(/^http/, 'ws')}/v2022-06-30/socket/production`
  const socket = new WebSocket(url, options)
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

export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
