import { connect } from 'node:tls'
import { prepareDataDir } from '../backup/upgradeDataDir.ts'
import type { LakeConfig } from '../config.ts'
import { isPortTaken } from '../portHolder.ts'
import { ensureSecrets } from '../secrets/dataDirSecrets.ts'
import { type RunningLake, startLake } from '../server.ts'
import type { TlsMaterial } from '../tls/certificates.ts'
import { tlsMaterial } from '../tls/issueApart.ts'
import type { ExecTarget } from './execEnvironment.ts'

export interface LakeForCommand extends ExecTarget {
  /** The lake this process started for the command, or undefined when one was already running. */
  started: RunningLake | undefined
  tls: TlsMaterial
}

/**
 * The lake a command under `lake exec` talks to: the one already listening on the configured
 * ports when it is this data dir's (it presents this data dir's certificate for Sanity's names),
 * else one started here for as long as the command runs. A lake of another data dir on those
 * ports is refused by name, since the command would read and write the wrong content.
 */
export async function lakeForCommand(
  config: LakeConfig,
  log: (line: string) => void,
  start: (config: LakeConfig) => Promise<RunningLake> = (given) => startLake(given, log),
): Promise<LakeForCommand> {
  // Before anything is written there, so a new data dir starts in the current format.
  await prepareDataDir(config.dataDir, config.backup.dir, log)
  const tls = await tlsMaterial(config.dataDir, log)
  const cliToken = ensureSecrets(config.dataDir, log).cliToken
  const common = { dataDir: config.dataDir, sanityCaFile: tls.sanity.caFile, cliToken, tls }
  if (await isPortTaken(config.tlsPort)) {
    if (!(await presentsOurCertificate(config.tlsPort, tls.sanity.caCert))) {
      throw new Error(
        `port ${config.tlsPort} (LAKE_TLS_PORT) is held by something other than the lake of ${config.dataDir}: stop it, or set LAKE_PORT and LAKE_TLS_PORT to free ports`,
      )
    }
    log(`lake exec: using the lake already running on ports ${config.port} and ${config.tlsPort}`)
    return { ...common, httpPort: config.port, tlsPort: config.tlsPort, started: undefined }
  }
  const started = await start(config)
  const httpPort = Number(new URL(started.httpUrl).port)
  const tlsPort = Number(new URL(started.httpsUrl).port)
  return { ...common, httpPort, tlsPort, started }
}

/** Whether the server on the port shows a certificate for `api.sanity.io` that this data dir's CA signed. */
function presentsOurCertificate(port: number, caCert: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      servername: 'api.sanity.io',
      ca: caCert,
      timeout: 2000,
    })
    const done = (ours: boolean) => {
      socket.destroy()
      resolve(ours)
    }
    socket.once('secureConnect', () => done(socket.authorized))
    socket.once('error', () => done(false))
    socket.once('timeout', () => done(false))
  })
}
