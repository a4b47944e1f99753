// Preloaded (`node --import`, through NODE_OPTIONS) into every Node.js process `lake exec` starts,
// and so into their children: Sanity's API and CDN names reach the lake this process was started
// for, at the ports exec put in the environment. Light on purpose: it loads into every process.
import { installInterception } from './interceptConnections.ts'

function port(value: string | undefined, fallback: number): number {
  const parsed = Number(value)
  return Number.isInteger(parsed) && parsed > 0 && parsed < 65536 ? parsed : fallback
}

const host = process.env.LAKE_HOST
installInterception({
  tlsPort: port(process.env.LAKE_TLS_PORT, 4443),
  httpPort: port(process.env.LAKE_PORT, 4000),
  host: host === '::1' || host?.startsWith('127.') ? host : '127.0.0.1',
})
