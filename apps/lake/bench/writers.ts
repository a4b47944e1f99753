// The writes bench's writers, in a worker thread of their own (see writes.ts): each loops writing
// one document and waiting for the acknowledgement until the time is up, over a keep-alive
// connection of its own, and the worker posts back every write's latency in milliseconds.
import { Agent, request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

export interface WritersTask {
  /** The lake's `/data/mutate/:dataset` URL. */
  url: string
  writers: number
  seconds: number
}

const { url, writers, seconds } = workerData as WritersTask
const target = new URL(url)
const agent = new Agent({ keepAlive: true, maxSockets: writers })

/** Node's own HTTP client: fetch (undici) cost more per request than the lake it was measuring. */
function write(body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume()
        response.on('error', reject)
        response.on('end', () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`write failed: ${response.statusCode}`)),
        )
      },
    )
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

const latencies: number[] = []
const deadline = performance.now() + seconds * 1000
await Promise.all(
  Array.from({ length: writers }, async (_, writer) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const started = performance.now()
      await write(JSON.stringify({ mutations: [{ create: { _id: `w-${writer}-${n}`, _type: 'write', n } }] }))
      latencies.push(performance.now() - started)
    }
  }),
)
agent.destroy()
parentPort?.postMessage(latencies)
