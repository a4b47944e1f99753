import { siblingModule } from '../files/siblingModule.ts'
import { extraCaCerts } from './caBundle.ts'

export interface ExecTarget {
  dataDir: string
  /** The ports the lake listens on, as bound. */
  httpPort: number
  tlsPort: number
  /** The CA of the lake's certificate for Sanity's names. */
  sanityCaFile: string
  /** The data dir's token for tools, which the lake takes as an administrator. */
  cliToken: string
}

/** Sanity's names, kept away from any HTTP proxy the environment configures, so they reach the preload. */
const NO_PROXY_NAMES = ['api.sanity.io', '.api.sanity.io', '.apicdn.sanity.io', 'cdn.sanity.io']

/**
 * The environment of a command under `lake exec`, and so of every process it starts: the preload
 * that sends Sanity's names to the lake (NODE_OPTIONS reaches every Node.js descendant), trust in
 * the Sanity-names CA for these processes alone (NODE_EXTRA_CA_CERTS, beside any CA already set
 * there), the lake's ports (which the preload reads, as do `lake` commands run inside), and a
 * token for the Sanity CLI unless one is set.
 */
export function execEnvironment(target: ExecTarget, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const preload = `--import=${siblingModule(import.meta.url, 'preload').href}`
  const noProxy = [base.NO_PROXY ?? base.no_proxy, ...NO_PROXY_NAMES].filter(Boolean).join(',')
  return {
    ...base,
    NODE_OPTIONS: [base.NODE_OPTIONS, preload].filter(Boolean).join(' '),
    NODE_EXTRA_CA_CERTS: extraCaCerts(target.sanityCaFile, base.NODE_EXTRA_CA_CERTS, 'exec-ca-bundle.crt'),
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    LAKE_DATA_DIR: target.dataDir,
    LAKE_PORT: String(target.httpPort),
    LAKE_TLS_PORT: String(target.tlsPort),
    SANITY_AUTH_TOKEN: base.SANITY_AUTH_TOKEN || target.cliToken,
  }
}
