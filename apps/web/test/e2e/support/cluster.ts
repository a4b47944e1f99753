import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { startProcess } from '@slideshow/testkit/processes'
import { type RedisFixture, startRedisFixture } from '@slideshow/testkit/redis'
import { startVarnishFixture, type VarnishFixture } from '@slideshow/testkit/varnish'
import { freePort, logsDir, stop, waitFor, webDir } from './processes'
import { previewSecret, revalidateSecret } from './secrets'
import { nextBin, siteEnv } from './site'

/*
 * Several instances of the site as a deployment runs them: two `next start` of the e2e build
 * (the global setup's), one Redis they share (REDIS_URL), and the cache tier from deploy/ in
 * front of both (Varnish, its director spreading readers and sending publishes to one). The
 * lake's `cluster-revalidate` webhook (globalSetup.ts) posts to that cache, for documents whose
 * id starts with CLUSTER_ID_PREFIX only, so the rest of the suite never sees them.
 */

export const CLUSTER_ID_PREFIX = 'cluster-'

export interface Instance {
  name: string
  url: string
  port: number
  /** Its output (appended across restarts): `render <path>` lines, `revalidate` lines. */
  log: string
  start(): Promise<void>
  stop(): Promise<void>
}

export interface Cluster {
  redis: RedisFixture
  instances: Instance[]
  cache: VarnishFixture
  stop(): Promise<void>
}

function instance(name: string, port: number, env: NodeJS.ProcessEnv): Instance {
  const url = `http://127.0.0.1:${port}`
  const log = join(logsDir, `e2e-cluster-${name}.log`)
  let child: ChildProcess | undefined
  return {
    name,
    url,
    port,
    log,
    async start() {
      child = startProcess(
        process.execPath,
        [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
        {
          cwd: webDir,
          env,
          log,
          append: true,
        },
      )
      await waitFor(`${url}/status`, child, `next start (${name})`)
    },
    async stop() {
      await stop(child)
      child = undefined
    },
  }
}

/** The cluster on the port the lake's cluster webhook posts to (E2E_CLUSTER_CACHE_PORT). */
export async function startCluster(): Promise<Cluster> {
  const cachePort = Number(process.env.E2E_CLUSTER_CACHE_PORT)
  const lakeUrl = process.env.E2E_LAKE_URL
  if (!cachePort || !lakeUrl) throw new Error('run the cluster tests with `npm run test:e2e` (global setup)')
  const cacheUrl = `http://127.0.0.1:${cachePort}`
  const redis = await startRedisFixture({ log: join(logsDir, 'e2e-cluster-redis.log') })
  const env = {
    ...siteEnv(lakeUrl, cacheUrl, { preview: previewSecret(), revalidate: revalidateSecret() }),
    REDIS_URL: redis.url,
    CACHE_PURGE_URL: cacheUrl,
  }
  const instances = [instance('a', await freePort(), env), instance('b', await freePort(), env)]
  let cache: VarnishFixture | undefined
  const stopAll = async () => {
    await cache?.stop()
    for (const one of instances) await one.stop()
    await redis.remove()
  }
  try {
    await Promise.all(instances.map((one) => one.start()))
    cache = await startVarnishFixture({
      origins: instances.map((one) => `127.0.0.1:${one.port}`),
      port: cachePort,
      workDir: join(logsDir, 'e2e-cluster-cache'),
      log: join(logsDir, 'e2e-cluster-varnish.log'),
      size: '64m',
    })
  } catch (error) {
    await stopAll()
    throw error
  }
  return { redis, instances, cache, stop: stopAll }
}
