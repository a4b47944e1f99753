import { createServer } from 'node:net'

/**
 * A port nothing listens on right now, as the OS picks it, so a run never collides with
 * `npm run dev` (3333, 4000, 4443) or with another run on the machine. Something else may still
 * take it before the caller binds it; a server that can listen on port 0 and say where is safer.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
