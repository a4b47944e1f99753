import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { homedir, platform } from 'node:os'
import { join } from 'node:path'

export interface TrustOutcome {
  store: string
  status: 'added' | 'already trusted' | 'skipped' | 'failed'
  detail?: string
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  try {
    return {
      ok: true,
      output: execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    }
  } catch (error) {
    const failure = error as { stderr?: string; message: string }
    return { ok: false, output: failure.stderr?.trim() || failure.message }
  }
}

const hasCommand = (command: string) => run('sh', ['-c', `command -v ${command}`]).ok

/** A nickname per CA (by fingerprint), so a new data dir's CA does not clash with an old one. */
export function caNickname(caFile: string): string {
  const fingerprint = new X509Certificate(readFileSync(caFile)).fingerprint256.replace(/:/g, '').slice(0, 12)
  return `Slideshow Stories lake CA ${fingerprint}`
}

/** NSS databases browsers read: Chromium's shared one and every Firefox profile's. */
function nssDatabases(home: string): Array<{ name: string; dir: string; create: boolean }> {
  const databases = [{ name: 'Chromium/Chrome (NSS)', dir: join(home, '.pki', 'nssdb'), create: true }]
  for (const base of [
    join(home, '.mozilla', 'firefox'),
    join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox'),
  ]) {
    if (!existsSync(base)) continue
    for (const profile of readdirSync(base)) {
      if (existsSync(join(base, profile, 'cert9.db'))) {
        databases.push({ name: `Firefox profile ${profile}`, dir: join(base, profile), create: false })
      }
    }
  }
  return databases
}

export function isTrustedByNss(caFile: string, home = homedir()): boolean {
  const dir = join(home, '.pki', 'nssdb')
  if (!existsSync(dir) || !hasCommand('certutil')) return false
  return run('certutil', ['-L', '-d', `sql:${dir}`, '-n', caNickname(caFile)]).ok
}

function trustInNss(caFile: string, home: string): TrustOutcome[] {
  if (!hasCommand('certutil')) {
    return [
      {
        store: 'browsers (NSS)',
        status: 'skipped',
        detail:
          'certutil not found: install libnss3-tools (Debian/Ubuntu), nss-tools (Fedora) or nss (Homebrew), then run again',
      },
    ]
  }
  const nickname = caNickname(caFile)
  return nssDatabases(home).map(({ name, dir, create }) => {
    if (create && !existsSync(join(dir, 'cert9.db'))) {
      mkdirSync(dir, { recursive: true })
      const created = run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'])
      if (!created.ok) return { store: name, status: 'failed', detail: created.output }
    }
    if (run('certutil', ['-L', '-d', `sql:${dir}`, '-n', nickname]).ok)
      return { store: name, status: 'already trusted' }
    const added = run('certutil', ['-A', '-d', `sql:${dir}`, '-t', 'C,,', '-n', nickname, '-i', caFile])
    return added.ok
      ? { store: name, status: 'added' }
      : { store: name, status: 'failed', detail: added.output }
  })
}

function trustInSystem(caFile: string): TrustOutcome {
  if (platform() === 'darwin') {
    const keychain = join(homedir(), 'Library', 'Keychains', 'login.keychain-db')
    const added = run('security', ['add-trusted-cert', '-r', 'trustRoot', '-k', keychain, caFile])
    return added.ok
      ? { store: 'macOS login keychain', status: 'added' }
      : { store: 'macOS login keychain', status: 'failed', detail: added.output }
  }
  const anchors = '/usr/local/share/ca-certificates'
  if (platform() !== 'linux' || !existsSync(anchors) || !hasCommand('update-ca-certificates')) {
    return { store: 'system', status: 'skipped', detail: 'no supported system trust store found' }
  }
  if (process.getuid?.() !== 0) {
    return {
      store: 'system (Debian/Ubuntu)',
      status: 'skipped',
      detail: `not root: sudo cp ${caFile} ${anchors}/slideshow-lake-ca.crt && sudo update-ca-certificates`,
    }
  }
  copyFileSync(caFile, join(anchors, 'slideshow-lake-ca.crt'))
  const updated = run('update-ca-certificates', [])
  return updated.ok
    ? { store: 'system (Debian/Ubuntu)', status: 'added' }
    : { store: 'system (Debian/Ubuntu)', status: 'failed', detail: updated.output }
}

/**
 * Makes browsers trust the lake's local CA, in the manner of `mkcert -install`: the NSS
 * databases Chromium and Firefox read on Linux, and the system store where we may write.
 */
export function trustCa(caFile: string, options: { home?: string; system?: boolean } = {}): TrustOutcome[] {
  const outcomes = trustInNss(caFile, options.home ?? homedir())
  if (options.system !== false) outcomes.push(trustInSystem(caFile))
  return outcomes
}
