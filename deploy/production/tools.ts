import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Debian puts varnishd in /usr/sbin, which is not on an ordinary user's PATH. */
const SYSTEM_DIRS = ['/usr/local/bin', '/usr/bin', '/usr/local/sbin', '/usr/sbin']

/** The absolute path of an executable on PATH (or in the system folders), or undefined. */
export function findTool(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of [...path.split(delimiter).filter(Boolean), ...SYSTEM_DIRS]) {
    try {
      accessSync(join(dir, name), constants.X_OK)
      return join(dir, name)
    } catch {
      // Not in this folder.
    }
  }
  return undefined
}

/** The Debian packages the production set runs on, for each one that is missing: what to install. */
export function missingTools(): string[] {
  const packages = { caddy: 'caddy', varnishd: 'varnish' }
  const missing = Object.entries(packages).filter(([binary]) => !findTool(binary))
  if (missing.length === 0) return []
  const names = missing.map(([, pkg]) => pkg).join(' ')
  return [`${missing.map(([binary]) => binary).join(' and ')} not found: apt-get install -y ${names}`]
}
