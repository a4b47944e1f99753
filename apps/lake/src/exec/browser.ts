import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { prepareDataDir } from '../backup/upgradeDataDir.ts'
import type { LakeConfig } from '../config.ts'
import { isPortTaken } from '../portHolder.ts'
import type { TlsMaterial } from '../tls/certificates.ts'
import { tlsMaterial } from '../tls/issueApart.ts'
import { BROWSER_MAPPED_NAMES } from './sanityHosts.ts'

/**
 * The Chromium flags of `lake browser`, which the tests launch Chromium with too:
 * - `--host-resolver-rules` maps Sanity's API, CDN and Studio-static names to the lake's TLS
 *   port on loopback (the rules rewrite the port as well as the address);
 * - `--ignore-certificate-errors-spki-list` accepts the lake's two server keys (Sanity's names
 *   and its own), and only them: nothing is added to any trust store, and Chromium honours the
 *   flag only with a profile of its own (`--user-data-dir`, which the caller adds).
 */
export function browserFlags(tls: TlsMaterial, tlsPort: number): string[] {
  const rules = BROWSER_MAPPED_NAMES.map((name) => `MAP ${name} 127.0.0.1:${tlsPort}`).join(', ')
  return [
    `--host-resolver-rules=${rules}`,
    `--ignore-certificate-errors-spki-list=${tls.sanity.spkiHash},${tls.spkiHash}`,
  ]
}

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

function chromiumPath(env: NodeJS.ProcessEnv): string {
  const found = [env.CHROME_PATH, ...CHROMIUM_CANDIDATES].find((path) => path && existsSync(path))
  if (!found) throw new Error('lake browser: no Chromium or Chrome found; set CHROME_PATH to one')
  return found
}

/**
 * `lake browser [url]`: Chromium for a person, in a profile of its own in the data dir, where an
 * app's pages and Studio reach the lake for Sanity's names. Resolves when the browser closes.
 */
export async function openBrowser(
  config: LakeConfig,
  url: string | undefined,
  log: (line: string) => void,
): Promise<number> {
  await prepareDataDir(config.dataDir, config.backup.dir, log)
  const tls = await tlsMaterial(config.dataDir, log)
  if (!(await isPortTaken(config.tlsPort))) {
    log(
      `lake browser: no lake is listening on port ${config.tlsPort} yet: start one with \`lake exec -- <your dev command>\``,
    )
  }
  const profile = join(config.dataDir, 'browser')
  mkdirSync(profile, { recursive: true, mode: 0o700 })
  const args = [
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    ...browserFlags(tls, config.tlsPort),
    ...(url ? [url] : []),
  ]
  const child = spawn(chromiumPath(process.env), args, { stdio: 'ignore' })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => resolve(code ?? 0))
  })
}
