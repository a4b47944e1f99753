import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { completeBackups, type StoredBackup } from '../../src/backup/backupFolder.ts'
import { readManifest } from '../../src/backup/manifest.ts'
import { backupsToKeep } from '../../src/backup/retention.ts'
import { verifyBackup } from '../../src/backup/verifyBackup.ts'
import { LakeProcess, processClient } from '../reliability/lakeProcess.ts'

/*
 * One data dir through the lake's life: written in the previous format, upgraded after an
 * automatic backup, backed up on a schedule, then a backup folder it cannot write, then a
 * data dir format it does not know. Real lake processes throughout, read with the real client.
 */
const TOKEN = 'backup-schedule-editor-token-0123456789abcdef'
const root = mkdtempSync(join(tmpdir(), 'lake-schedule-'))
const dataDir = join(root, 'data')
const base = {
  LAKE_DATA_DIR: dataDir,
  LAKE_TOKENS: `${TOKEN}:editor`,
  LAKE_DEV_IDENTITY: '0',
  LAKE_SEED: '0',
}
const running: LakeProcess[] = []

afterAll(async () => {
  await Promise.all(running.map((lake) => lake.kill()))
  rmSync(root, { recursive: true, force: true })
})

function lakeWith(env: Record<string, string>): LakeProcess {
  const lake = new LakeProcess({ ...base, LAKE_BACKUP_DIR: '', ...env })
  running.push(lake)
  return lake
}

/** What the lake said about backups, and any error it printed. */
const backupLines = (lake: LakeProcess) =>
  lake
    .output()
    .split('\n')
    .filter((line) => line.startsWith('lake: backup') || /Error|^\s+at /.test(line))

const formatOf = () =>
  (JSON.parse(readFileSync(join(dataDir, 'format.json'), 'utf8')) as { format: number }).format

describe('data dir upgrades and scheduled backups', () => {
  it('a data dir in the previous format is backed up, then upgraded, and serves what it held', async () => {
    const first = lakeWith({})
    const writer = processClient(await first.start(), TOKEN)
    await writer.create({ _id: 'kept-across-upgrade', _type: 'note', text: 'written in format 0' })
    await first.kill('SIGTERM')
    // A data dir as every lake before format.json left it.
    rmSync(join(dataDir, 'format.json'))

    const backups = join(root, 'backups')
    const upgraded = lakeWith({ LAKE_BACKUP_DIR: backups })
    const client = processClient(await upgraded.start(), TOKEN)
    expect(upgraded.output()).toMatch(
      /is in format 0; backed it up before upgrading to 1: \S*lake-before-upgrade-0-to-1-/,
    )
    expect(formatOf()).toBe(1)
    const [backup] = completeBackups(backups)
    expect(backup?.name).toMatch(/^lake-before-upgrade-0-to-1-/)
    const manifest = readManifest(backup?.path ?? '')
    expect(manifest.dataDirFormat).toBe(0)
    expect(manifest.datasets.find((dataset) => dataset.name === 'production')?.documents).toBeGreaterThan(0)
    expect(await client.getDocument('kept-across-upgrade')).toMatchObject({ text: 'written in format 0' })
    await upgraded.kill('SIGTERM')
  }, 120_000)

  it('takes a backup every interval while serving, one log line each, keeps the newest of the day and week, and each restores', async () => {
    const backups = join(root, 'backups')
    const lake = lakeWith({
      LAKE_BACKUP_DIR: backups,
      LAKE_BACKUP_EVERY: '1s',
      LAKE_BACKUP_KEEP_DAILY: '1',
      LAKE_BACKUP_KEEP_WEEKLY: '1',
    })
    const client = processClient(await lake.start(), TOKEN)
    await client.create({ _id: 'written-while-scheduled', _type: 'note' })
    await lake.waitForOutput(/^lake: backup \S+lake-backup-\S+: production at /m, 3)
    await lake.kill('SIGTERM')

    // A backup the stop cut short says so, in its one line.
    const lines = backupLines(lake)
    const oneLine =
      /^lake: backup (\S+: production at \S+ \(\d+ documents\); \d+ files|into \S+ stopped: the lake is stopping$)/
    expect(
      lines.every((line) => oneLine.test(line)),
      lines.join('\n'),
    ).toBe(true)
    // Three or more were taken on one day: retention kept the newest, and the upgrade's backup.
    const kept = completeBackups(backups).map((backup) => backup.name)
    expect(kept.filter((name) => name.startsWith('lake-backup-'))).toHaveLength(1)
    expect(kept.filter((name) => name.startsWith('lake-before-upgrade-'))).toHaveLength(1)
    const newest = completeBackups(backups)[0]?.path ?? ''
    const { manifest } = await verifyBackup(newest, root)
    expect(manifest.datasets[0]?.documents).toBeGreaterThanOrEqual(2)
  }, 120_000)

  it('a backup that cannot be written is one log line, and the lake keeps serving reads and writes', async () => {
    const notAFolder = join(root, 'a-file')
    writeFileSync(notAFolder, 'backups cannot go under a file')
    const lake = lakeWith({ LAKE_BACKUP_DIR: join(notAFolder, 'backups'), LAKE_BACKUP_EVERY: '1s' })
    const client = processClient(await lake.start(), TOKEN)
    await lake.waitForOutput(/backup into \S+ failed, the lake keeps serving and tries again in 1s: /, 2)
    await client.create({ _id: 'written-while-failing', _type: 'note' })
    expect(await client.fetch('count(*[_type == "note"])')).toBe(3)
    await lake.waitForOutput(/backup into \S+ failed/, 3)
    expect(await client.getDocument('written-while-failing')).toMatchObject({ _type: 'note' })
    const lines = backupLines(lake)
    expect(
      lines.every((line) => line.includes('failed, the lake keeps serving')),
      lines.join('\n'),
    ).toBe(true)
    await lake.kill('SIGTERM')
  }, 120_000)

  it('a data dir in a newer format is refused at start, saying why', async () => {
    writeFileSync(join(dataDir, 'format.json'), '{"format": 99}\n')
    const lake = lakeWith({})
    await expect(lake.start()).rejects.toThrow(
      /in format 99, newer than this lake's format 1: it was written by a newer version/,
    )
    expect(existsSync(join(dataDir, 'backups'))).toBe(false)
    expect(formatOf()).toBe(99)
  }, 60_000)
})

describe('retention', () => {
  const at = (iso: string): StoredBackup => ({ name: iso, path: iso, createdAt: new Date(iso) })
  it('keeps the newest backup of each of the last N days and M weeks, and the newest of all', () => {
    const backups = [
      '2026-05-04T18:00:00Z', // Monday
      '2026-05-04T12:00:00Z',
      '2026-05-03T18:00:00Z', // Sunday: the week before
      '2026-05-03T06:00:00Z',
      '2026-05-02T18:00:00Z',
      '2026-04-26T18:00:00Z', // two weeks before
      '2026-04-19T18:00:00Z',
    ].map(at)
    expect([...backupsToKeep(backups, 2, 0)].sort()).toEqual(['2026-05-03T18:00:00Z', '2026-05-04T18:00:00Z'])
    expect([...backupsToKeep(backups, 1, 3)].sort()).toEqual([
      '2026-04-26T18:00:00Z',
      '2026-05-03T18:00:00Z',
      '2026-05-04T18:00:00Z',
    ])
    expect([...backupsToKeep(backups, 0, 0)]).toEqual(['2026-05-04T18:00:00Z'])
  })
})
