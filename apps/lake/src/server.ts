import { createServer as createHttpServer, type Server } from 'node:http'
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { createSecureContext } from 'node:tls'
import { isLoopback } from './auth/identity.ts'
import { startBackupSchedule } from './backup/backupSchedule.ts'
import { prepareDataDir } from './backup/upgradeDataDir.ts'
import { followNotifications } from './comments/notifications.ts'
import type { LakeConfig } from './config.ts'
import { sanityHost } from './exec/sanityHosts.ts'
import { RequestsInFlight } from './http/inFlight.ts'
import { createRouter } from './http/router.ts'
import { routes } from './http/routes.ts'
import { Lake } from './lake.ts'
import { followMembers } from './members/followMembers.ts'
import { createSocketServer } from './presence/socketServer.ts'
import { startScheduler } from './releases/startScheduler.ts'
import { prepareFirstStartApart } from './seed/firstStartApart.ts'
import { sqliteBackend } from './store/sqliteStorage.ts'
import type { StorageBackend } from './store/types.ts'
import type { TlsMaterial } from './tls/certificates.ts'
import { tlsMaterial } from './tls/issueApart.ts'
import { startWebhooks } from './webhooks/startWebhooks.ts'

export interface RunningLake {
  lake: Lake
  httpUrl: string
  httpsUrl: string
  tls: TlsMaterial
  close(): Promise<void>
}

function listen(server: Server | Http2SecureServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/**
 * How long a stopping lake waits for the requests it took to be answered. systemd's unit gives it
 * longer than this before it sends SIGKILL (deploy/systemd/slideshow-lake.service).
 */
const DRAIN_TIMEOUT_MS = 20_000

/*
 * How long an idle keep-alive connection stays open: longer than a reverse proxy (Caddy) or a
 * client keeps one before reusing it, so the lake never closes a connection just as a request is
 * sent on it (a reset the caller sees as a failed request). Node's default of 5 s loses that race
 * whenever the caller's event loop is busy for longer between two requests.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000

/** Resolves once the server has stopped listening and its last connection has closed. */
function closedServer(server: Server | Http2SecureServer): Promise<void> {
  return new Promise((resolve) => server.once('close', () => resolve()))
}

function assertSafeBinding(lake: Lake): void {
  const { host, devIdentity } = lake.config
  // Configured tokens and accounts only: the data dir's CLI token is always there and says
  // nothing about whether the operator set up access for other machines.
  const credentials = lake.tokens.current().length > 0 || lake.accounts.store.hasAccounts()
  const loopbackHost = host === 'localhost' || isLoopback(host)
  if (!loopbackHost && (devIdentity !== false || !credentials)) {
    throw new Error(
      `Refusing to listen on ${host}: outside loopback the lake needs accounts (npm run lake -- users add) or tokens (LAKE_TOKENS), and LAKE_DEV_IDENTITY=0`,
    )
  }
}

/**
 * Starts the lake: plain HTTP for server-side clients, and HTTPS with HTTP/2 (HTTP/1.1 fallback)
 * for browsers, because the Studio's many long-lived listeners exhaust HTTP/1.1's six
 * connections per host. Datasets live in SQLite files in the data dir unless `storage` says
 * otherwise (tests may pass `memoryBackend()`).
 */
export async function startLake(
  config: LakeConfig,
  log: (line: string) => void = console.log,
  storage: StorageBackend = sqliteBackend(config.dataDir),
): Promise<RunningLake> {
  // Before anything opens the data dir: a newer format is refused, an older one backed up and upgraded.
  await prepareDataDir(config.dataDir, config.backup.dir, log)
  const lake = new Lake(config, storage, log)
  assertSafeBinding(lake)
  const tls = await tlsMaterial(config.dataDir, log)
  const handler = createRouter(lake, routes)
  const inFlight = new RequestsInFlight()
  const http = createHttpServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    inFlight.track(res)
    void handler(req, res)
  })
  // Sanity's names (`lake exec`, `lake browser`) get the certificate of the name-constrained CA;
  // every other name (localhost, loopback addresses, no SNI) the lake's own.
  const sanityNames = createSecureContext({ key: tls.sanity.key, cert: tls.sanity.cert })
  const https = createSecureServer(
    {
      key: tls.key,
      cert: tls.cert,
      allowHTTP1: true,
      SNICallback: (servername, done) => done(null, sanityHost(servername) ? sanityNames : undefined),
    },
    (req, res) => {
      inFlight.track(res)
      void handler(req, res)
    },
  )
  const realtime = createSocketServer(lake)
  http.on('upgrade', realtime.handleUpgrade)
  https.on('upgrade', realtime.handleUpgrade)
  const sockets = new Set<{ destroy(): void }>()
  https.on('secureConnection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  const sessions = new Set<ServerHttp2Session>()
  https.on('session', (session: ServerHttp2Session) => {
    sessions.add(session)
    session.once('close', () => sessions.delete(session))
  })
  const httpPort = await listen(http, config.port, config.host)
  const httpsPort = await listen(https, config.tlsPort, config.host)
  lake.publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : `https://localhost:${httpsPort}`
  // Seeded after binding so seeded asset URLs carry the real port; /health answers 503 until then.
  await prepareFirstStartApart(lake, log)
  lake.ready = true
  // Before the webhooks, so a webhook's first start sets its cursor after the groups' first write.
  const stopMembers = followMembers(lake)
  // Notices what `npm run lake -- users|tokens` changes while the lake runs.
  const stopAccountsWatch = lake.accounts.watch()
  const stopNotifications = followNotifications(lake)
  const webhooks = startWebhooks(lake, log)
  const scheduler = startScheduler(lake, log)
  const backups = startBackupSchedule(config.dataDir, config.backup, log)
  // No new connections; on HTTP/2, a GOAWAY: the streams a session has open finish, no new ones start.
  const stopAccepting = () => {
    http.close()
    https.close()
    for (const session of sessions) session.close()
  }
  const closeConnections = () => {
    http.closeAllConnections()
    for (const socket of sockets) socket.destroy()
  }
  return {
    lake,
    httpUrl: `http://${config.host}:${httpPort}`,
    httpsUrl: `https://localhost:${httpsPort}`,
    tls,
    /**
     * Stops as systemd's SIGTERM asks: takes no new connections, ends the event streams and
     * presence sockets (clients reconnect to the next start), lets every other request it took
     * finish so no write is cut halfway, then stops the background work and closes the data.
     */
    async close() {
      const waiting = inFlight.count
      log(`lake: stopping${waiting > 0 ? `; letting ${waiting} request(s) in flight finish` : ''}`)
      const closed = Promise.all([closedServer(http), closedServer(https)])
      stopAccepting()
      realtime.close()
      const cut = await inFlight.drain(DRAIN_TIMEOUT_MS)
      if (cut > 0)
        log(`lake: stopping; ${cut} request(s) still unanswered after ${DRAIN_TIMEOUT_MS} ms were cut`)
      closeConnections()
      await closed
      await backups.stop()
      scheduler.stop()
      stopNotifications()
      stopAccountsWatch()
      stopMembers()
      await webhooks.stop()
      lake.close()
    },
  }
}
