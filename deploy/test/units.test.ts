import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PROCESSES } from '../production/processes.ts'
import { REPO_ROOT } from '../production/settings.ts'
import { findTool } from '../production/tools.ts'

/** Where the units expect the checkout (README, "Self-hosting on one server"). */
const INSTALL = '/srv/slideshow'
const UNITS = join(REPO_ROOT, 'deploy', 'systemd')

function unitSettings(unit: string): Map<string, string[]> {
  const settings = new Map<string, string[]>()
  for (const line of readFileSync(join(UNITS, unit), 'utf8').split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line)
    if (match)
      settings.set(match[1] as string, [...(settings.get(match[1] as string) ?? []), match[2] as string])
  }
  return settings
}

const workDir = mkdtempSync(join(tmpdir(), 'deploy-units-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

describe('the systemd units (deploy/systemd/)', () => {
  it.each(PROCESSES.map((spec) => [spec.unit, spec] as const))(
    '%s runs what `npm start` runs, restarts on failure and reads its prepared environment',
    (unit, spec) => {
      const settings = unitSettings(unit)
      const command = spec.command === 'node' ? `${INSTALL}/node_modules/.bin/node` : spec.command
      const expected = [command, ...spec.args]
        .map((part) => part.replace(REPO_ROOT, INSTALL))
        .map((part) => (part === 'caddy' ? '/usr/bin/caddy' : part))
        .join(' ')
      expect(settings.get('ExecStart')).toEqual([expected])
      expect(settings.get('Restart')).toEqual(['on-failure'])
      expect(settings.get('EnvironmentFile')).toEqual([`/run/slideshow/${spec.name}.env`])
      expect(settings.get('Requires')).toEqual(['slideshow-prepare.service'])
      expect(settings.get('SuccessExitStatus') ?? []).toEqual(spec.cleanExits.map(String))
      expect(readFileSync(join(UNITS, 'slideshow.target'), 'utf8')).toContain(unit)
    },
  )

  it('the lake gets SIGTERM alone and longer than it lets requests in flight finish', () => {
    const lake = unitSettings('slideshow-lake.service')
    expect(lake.get('KillMode')).toEqual(['mixed'])
    const drain = /const DRAIN_TIMEOUT_MS = ([\d_]+)/.exec(
      readFileSync(join(REPO_ROOT, 'apps/lake/src/server.ts'), 'utf8'),
    )?.[1]
    expect(Number(lake.get('TimeoutStopSec')?.[0]) * 1000).toBeGreaterThan(Number(drain?.replaceAll('_', '')))
  })

  it("Caddy closes the connections left (an open Studio's event streams) before systemd would kill it", () => {
    const caddy = unitSettings('slideshow-caddy.service')
    const grace = /^\s*grace_period (\d+)s$/m.exec(
      readFileSync(join(REPO_ROOT, 'deploy/caddy/Caddyfile'), 'utf8'),
    )?.[1]
    expect(Number(grace)).toBeGreaterThan(0)
    expect(Number(caddy.get('TimeoutStopSec')?.[0])).toBeGreaterThan(Number(grace))
  })

  it.skipIf(!findTool('systemd-analyze'))('pass `systemd-analyze verify` (paths of this checkout)', () => {
    for (const unit of readdirSync(UNITS)) {
      writeFileSync(
        join(workDir, unit),
        readFileSync(join(UNITS, unit), 'utf8').replaceAll(INSTALL, REPO_ROOT),
      )
    }
    const files = readdirSync(workDir).map((unit) => join(workDir, unit))
    const verify = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' })
    // It reports unknown keys and bad values as lines, with exit 0: any line is a defect.
    const complaints = `${verify.stdout}${verify.stderr}`
      .split('\n')
      .filter((line) => line.trim() && files.some((file) => line.includes(basename(file))))
    expect(complaints).toEqual([])
    expect(verify.status).toBe(0)
  })
})
