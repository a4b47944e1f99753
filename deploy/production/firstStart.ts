import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Accounts } from '../../apps/lake/src/accounts/accounts.ts'
import { prepareDataDir } from '../../apps/lake/src/backup/upgradeDataDir.ts'
import { type LakeConfig, loadConfig } from '../../apps/lake/src/config.ts'
import { writeFileAtomic } from '../../apps/lake/src/files/atomicWrite.ts'
import { ensureSecrets } from '../../apps/lake/src/secrets/dataDirSecrets.ts'
import { lakeEnv, type SiteSecrets } from './processEnv.ts'
import type { ProductionSettings } from './settings.ts'

/** The site's read token, in clear because the site must present it; `0600`, like `secrets.json`. */
export const SITE_TOKEN_FILE = 'site-token.json'
const SITE_TOKEN_NAME = 'Reader site'

/**
 * What the site needs from the lake, made on the first start of a data dir and kept in it (so a
 * backup holds them, and nothing is built in or committed): the lake's webhook and preview
 * secrets (`secrets.json`, which the lake makes anyway) and a viewer robot token for draft mode,
 * made again if an administrator revoked it. The data dir is upgraded first, as the lake does
 * before it opens anything.
 */
export async function firstStart(
  settings: ProductionSettings,
  log: (line: string) => void,
): Promise<SiteSecrets> {
  const config = loadConfig(lakeEnv(settings))
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  await prepareDataDir(config.dataDir, config.backup.dir, log)
  const { revalidateSecret, previewSecret } = ensureSecrets(config.dataDir, log)
  return { revalidateSecret, previewSecret, readToken: siteReadToken(config, log) }
}

function siteReadToken(config: LakeConfig, log: (line: string) => void): string {
  const file = join(config.dataDir, SITE_TOKEN_FILE)
  const accounts = new Accounts(config.dataDir, config.accounts)
  try {
    const kept = keptToken(file)
    if (kept && accounts.robots.find(kept)) return kept
    const { token } = accounts.robots.add(SITE_TOKEN_NAME, 'viewer')
    writeFileAtomic(file, `${JSON.stringify({ readToken: token }, null, 2)}\n`)
    log(
      `production: made the site's read token (robot token "${SITE_TOKEN_NAME}", viewer: draft mode and Presentation), kept in ${file}`,
    )
    return token
  } finally {
    accounts.close()
  }
}

function keptToken(file: string): string | undefined {
  if (!existsSync(file)) return undefined
  try {
    const { readToken } = JSON.parse(readFileSync(file, 'utf8')) as { readToken?: unknown }
    return typeof readToken === 'string' ? readToken : undefined
  } catch {
    return undefined
  }
}
