import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeBackups } from '../../src/backup/backupFolder.ts'
import { readManifest } from '../../src/backup/manifest.ts'
import { restoreBackup } from '../../src/backup/restoreBackup.ts'
import { SqliteStorage } from '../../src/store/sqliteStorage.ts'
import { npmScript, startNpmScript } from '../npmScript.ts'
import { LakeProcess, processClient } from '../reliability/lakeProcess.ts'

/*
 * Backups of a lake that serves writes, through `npm run lake -- backup|restore` as an operator
 * types them, restored and served by real lake processes, read with the real client.
 */
const TOKEN = 'backup-suite-editor-token-0123456789abcdef'
const STORY = 'alec-baldwin-hilaria-dramatic-news'
const WRITERS = 8
const root = mkdtempSync(join(tmpdir(), 'lake-backup-'))
const dataDir = join(root, 'live')
const env = {
  LAKE_DATA_DIR: dataDir,
  LAKE_TOKENS: `${TOKEN}:editor`,
  LAKE_DEV_IDENTITY: '0',
  LAKE_BACKUP_DIR: '',
}
const lake = new LakeProcess(env)
const restoredLakes: LakeProcess[] = []
let client: SanityClient
let url: string

beforeAll(async () => {
  url = await lake.start()
  client = processClient(url, TOKEN)
}, 120_000)

afterAll(async () => {
  await Promise.all([lake, ...restoredLakes].map((running) => running.kill()))
  rmSync(root, { recursive: true, force: true })
})

/** `npm run lake -- <args>`; a failure fails the test with what the command printed. */
async function lakeCommand(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await npmScript('lake', args, {
    env: { LAKE_BACKUP_DIR: '' },
    timeoutMs: 120_000,
  })
  if (code !== 0) throw new Error(`lake ${args.join(' ')} exited with ${code}:\n${stdout}\n${stderr}`)
  return stdout
}

/** `npm run lake -- <args>` that must refuse: its error output. */
async function refusal(...args: string[]): Promise<string> {
  const { code, stderr } = await npmScript('lake', args, { env: { LAKE_BACKUP_DIR: '' }, timeoutMs: 120_000 })
  expect(code).not.toBe(0)
  return stderr
}

/** A lake serving a restored data dir, with its client and URL. */
async function serve(restored: string): Promise<{ client: SanityClient; url: string }> {
  const running = new LakeProcess({ ...env, LAKE_DATA_DIR: restored })
  restoredLakes.push(running)
  const url = await running.start()
  return { client: processClient(url, TOKEN), url }
}

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Polls until `condition` holds and returns the last moment it was seen not to: a moment before
 * whatever made it hold (a backup's folder appearing comes before its first database copy).
 */
async function lastMomentWithout(condition: () => boolean, timeoutMs = 90_000): Promise<number> {
  const deadline = performance.now() + timeoutMs
  let without = performance.now()
  if (condition()) throw new Error('it held from the start')
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2))
    const moment = performance.now()
    if (condition()) return without
    without = moment
  }
  throw new Error('timed out waiting for the backup to start')
}

interface Acknowledged {
  n: number
  transactionId: string
  sentAt: number
  ackedAt: number
}

/**
 * One writer: transactions one after another, each creating three documents and incrementing
 * the writer's counter, each sent only once the one before was acknowledged. So in any
 * consistent copy a writer's transactions are a prefix (0..k-1), each whole, and its counter is k.
 */
async function write(writer: number, running: () => boolean, ledger: Acknowledged[]): Promise<void> {
  for (let n = 0; running(); n++) {
    const sentAt = performance.now()
    const transaction = client.transaction().patch(`bk-counter-${writer}`, (patch) => patch.inc({ value: 1 }))
    for (const part of ['a', 'b', 'c'])
      transaction.create({ _id: `bk-${writer}-${n}-${part}`, _type: 'bkTrio', writer, n })
    const { transactionId } = await transaction.commit({ visibility: 'sync' })
    ledger.push({ n, transactionId, sentAt, ackedAt: performance.now() })
  }
}

/** Every way the restored writers' documents can disagree with the ledgers and the recorded point. */
async function ledgerViolations(
  restored: SanityClient,
  ledgers: Acknowledged[][],
  point: Acknowledged,
  backup: { started: number; ended: number },
): Promise<string[]> {
  const docs = await restored.fetch<Array<{ writer: number; n: number; _rev: string }>>(
    '*[_type == "bkTrio"]{writer, n, _rev}',
  )
  const counters = await restored.fetch<Array<{ _id: string; value: number }>>(
    '*[_type == "bkCounter"]{_id, value}',
  )
  const problems: string[] = []
  ledgers.forEach((ledger, writer) => {
    const parts = new Map<number, string[]>()
    for (const doc of docs.filter((candidate) => candidate.writer === writer))
      parts.set(doc.n, [...(parts.get(doc.n) ?? []), doc._rev])
    for (const [n, revs] of parts)
      if (revs.length !== 3)
        problems.push(`writer ${writer}: transaction ${n} is half-applied (${revs.length} of 3)`)
    const present = [...parts.keys()].sort((a, b) => a - b)
    if (present.some((n, index) => n !== index))
      problems.push(`writer ${writer}: a gap in ${present.join(',')}`)
    const counter = counters.find((candidate) => candidate._id === `bk-counter-${writer}`)?.value
    if (counter !== present.length)
      problems.push(`writer ${writer}: counter ${counter} but ${present.length} transactions`)
    for (const entry of ledger) {
      const here = parts.has(entry.n)
      if (entry.ackedAt < point.sentAt && !here)
        problems.push(
          `writer ${writer}: ${entry.transactionId}, acknowledged before the recorded point, is missing`,
        )
      if (entry.sentAt > point.ackedAt && here)
        problems.push(`writer ${writer}: ${entry.transactionId}, sent after the recorded point, is there`)
      if (entry.ackedAt < backup.started && !here)
        problems.push(
          `writer ${writer}: ${entry.transactionId}, acknowledged before the backup started, is missing`,
        )
      if (entry.sentAt > backup.ended && here)
        problems.push(`writer ${writer}: ${entry.transactionId}, sent after the backup ended, is there`)
      if (here && parts.get(entry.n)?.some((rev) => rev !== entry.transactionId))
        problems.push(`writer ${writer}: ${entry.transactionId}'s documents carry another revision`)
    }
  })
  return problems
}

/** Every file of a backup folder and its checksum. */
function checksums(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name)
        return [path, createHash('sha256').update(readFileSync(path)).digest('hex')]
      }),
  )
}

describe('backup and restore (promise: a backup taken while the lake serves writes restores whole)', () => {
  it(`a backup taken while ${WRITERS} writers write holds every transaction acknowledged before its recorded point and none half-applied; the restored lake serves the story and its assets`, async () => {
    for (let writer = 0; writer < WRITERS; writer++)
      await client.createIfNotExists({ _id: `bk-counter-${writer}`, _type: 'bkCounter', value: 0 })
    const ledgers = Array.from({ length: WRITERS }, () => [] as Acknowledged[])
    let running = true
    const writers = ledgers.map((ledger, writer) => write(writer, () => running, ledger))
    await until(() => ledgers.every((ledger) => ledger.length >= 3), 'every writer to write')
    const folder = join(root, 'while-writing')
    const backingUp = startNpmScript('lake', ['backup', folder, '--data-dir', dataDir], {
      env: { LAKE_BACKUP_DIR: '' },
    })
    const exited = new Promise((resolve) => backingUp.child.once('close', resolve))
    const backupStarted = await lastMomentWithout(() => existsSync(folder) && readdirSync(folder).length > 0)
    expect(await exited, backingUp.stderr()).toBe(0)
    const backupEnded = performance.now()
    await until(
      () => ledgers.every((ledger) => ledger.some((entry) => entry.sentAt > backupEnded)),
      'writes after the backup',
    )
    running = false
    await Promise.all(writers)

    const [backup] = completeBackups(folder)
    const recorded = readManifest(backup?.path ?? folder).datasets.find(
      (dataset) => dataset.name === 'production',
    )
    const point = ledgers.flat().find((entry) => entry.transactionId === recorded?.lastTransaction?.id)
    if (!point)
      throw new Error(`the recorded point ${recorded?.lastTransaction?.id} is not a writer's transaction`)
    const restoredDir = join(root, 'restored')
    await lakeCommand('restore', folder, '--data-dir', restoredDir)
    const restored = await serve(restoredDir)

    const acknowledged = ledgers.flat()
    const before = acknowledged.filter((entry) => entry.ackedAt < point.sentAt).length
    console.log(
      `backup while writing: ${acknowledged.length} transactions acknowledged, ${before} before the recorded point ${point.transactionId}`,
    )
    expect(before).toBeGreaterThan(WRITERS * 3)
    expect(
      await ledgerViolations(restored.client, ledgers, point, { started: backupStarted, ended: backupEnded }),
    ).toEqual([])
    const story = await restored.client.fetch<{ title: string; slides: number }>(
      '*[_type == "article" && slug.current == $slug][0]{title, "slides": count(slides)}',
      { slug: STORY },
    )
    expect(story).toMatchObject({ title: expect.stringContaining('Baldwin'), slides: 43 })
    const assets = await restored.client.fetch<Array<{ path: string; sha1hash: string }>>(
      '*[_type == "sanity.imageAsset"]{path, sha1hash}',
    )
    expect(assets.length).toBeGreaterThan(40)
    for (const asset of assets) {
      const response = await fetch(`${restored.url}/${asset.path}`)
      expect(response.status, asset.path).toBe(200)
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(createHash('sha1').update(bytes).digest('hex'), asset.path).toBe(asset.sha1hash)
    }
  }, 240_000)

  it('a backup killed halfway leaves the previous backup intact, and restore refuses the partial one', async () => {
    const folder = join(root, 'killed')
    await lakeCommand('backup', folder, '--data-dir', dataDir)
    const [previous] = completeBackups(folder)
    if (!previous) throw new Error('no first backup')
    const before = checksums(previous.path)

    // Paced, so the kill lands while it copies the assets, after the databases.
    const killed = startNpmScript('lake', ['backup', folder, '--data-dir', dataDir, '--max-rate', '256k'], {
      env: { LAKE_BACKUP_DIR: '' },
    })
    const partialName = () => readdirSync(folder).find((name) => name.endsWith('.partial'))
    const copiedAssets = () => {
      const images = join(folder, partialName() ?? '-', 'data/assets/production/images')
      return existsSync(images) && readdirSync(images).length > 0
    }
    await until(copiedAssets, 'the second backup to copy assets')
    await killed.stop('SIGKILL')

    const partial = join(folder, partialName() ?? '')
    expect(existsSync(join(partial, 'manifest.json'))).toBe(false)
    expect(completeBackups(folder).map((backup) => backup.path)).toEqual([previous.path])
    expect(checksums(previous.path)).toEqual(before)
    expect(await lakeCommand('backup', '--verify', previous.path)).toContain('verified')
    expect(await refusal('restore', partial, '--data-dir', join(root, 'from-partial'))).toMatch(
      /is a partial backup/,
    )
    expect(existsSync(join(root, 'from-partial'))).toBe(false)
    // Given the folder, restore takes its newest complete backup and passes over the partial one.
    expect(await lakeCommand('restore', folder, '--data-dir', join(root, 'from-folder'))).toContain(
      previous.path,
    )
  }, 180_000)

  it('refuses a torn, altered or newer backup with a clear error, and restores nothing', async () => {
    const folder = join(root, 'damaged')
    await lakeCommand('backup', folder, '--data-dir', dataDir)
    const [good] = completeBackups(folder)
    if (!good) throw new Error('no backup')
    const variant = (name: string, damage: (copy: string) => void) => {
      const copy = join(root, name)
      cpSync(good.path, copy, { recursive: true })
      damage(copy)
      return copy
    }
    const manifest = (copy: string) => join(copy, 'manifest.json')
    const anAsset = (copy: string) => {
      const images = join(copy, 'data/assets/production/images')
      return join(images, readdirSync(images)[0] ?? '')
    }
    const cases: Array<[string, RegExp]> = [
      [
        variant('torn', (copy) =>
          writeFileSync(manifest(copy), readFileSync(manifest(copy), 'utf8').slice(0, 300)),
        ),
        /cannot be read/,
      ],
      [
        // One byte of one photo flipped: the same size, so only the checksum can tell.
        variant('altered', (copy) => {
          const bytes = readFileSync(anAsset(copy))
          const middle = bytes.length >> 1
          bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle)
          writeFileSync(anAsset(copy), bytes)
        }),
        /does not match its manifest.*checksum/,
      ],
      [
        variant('missing', (copy) => rmSync(join(copy, 'data/datasets/production.sqlite'))),
        /production\.sqlite is missing/,
      ],
      [
        variant('extra', (copy) => writeFileSync(join(copy, 'data/stray.json'), '{}')),
        /stray\.json is not in the manifest/,
      ],
      [
        variant('newer', (copy) =>
          writeFileSync(manifest(copy), JSON.stringify({ ...readManifest(copy), dataDirFormat: 99 })),
        ),
        /format 99, newer than this lake's/,
      ],
    ]
    for (const [copy, reason] of cases) {
      const target = join(root, `restore-${copy.split('/').at(-1)}`)
      await expect(restoreBackup(copy, target), copy).rejects.toThrow(reason)
      expect(existsSync(target), target).toBe(false)
      expect(readdirSync(root).filter((name) => name.includes('.restoring-'))).toEqual([])
    }
    expect(await refusal('restore', join(root, 'altered'), '--data-dir', join(root, 'cli-altered'))).toMatch(
      /does not match its manifest/,
    )
    expect(await refusal('restore', good.path, '--data-dir', dataDir)).toMatch(/is not empty/)
  }, 120_000)

  it('restores to a transaction exactly what the history API shows at that transaction, and to a time what it shows at that time', async () => {
    const commit = async (build: (transaction: ReturnType<SanityClient['transaction']>) => unknown) => {
      const transaction = client.transaction()
      build(transaction)
      return (await transaction.commit({ visibility: 'sync' })).transactionId
    }
    await commit((t) =>
      t.create({ _id: 'pit-a', _type: 'pit', v: 1 }).create({ _id: 'pit-b', _type: 'pit', v: 1 }),
    )
    await commit((t) =>
      t.patch('pit-a', (p) => p.set({ v: 2 })).create({ _id: 'drafts.pit-c', _type: 'pit', v: 1 }),
    )
    const point = await commit((t) => t.delete('pit-b').patch('pit-a', (p) => p.inc({ v: 10 })))
    await commit((t) =>
      t
        .patch('pit-a', (p) => p.set({ v: 99 }))
        .create({ _id: 'pit-b', _type: 'pit', v: 'again' })
        .delete('drafts.pit-c'),
    )
    await commit((t) => t.create({ _id: 'pit-d', _type: 'pit' }))
    const ids = ['pit-a', 'pit-b', 'drafts.pit-c', 'pit-d']
    const byId = (a: { _id: string }, b: { _id: string }) => a._id.localeCompare(b._id)
    /** The live lake's history API, as the Studio reads it. */
    const history = async (path: string) => {
      const response = await fetch(`${url}/v2025-02-19/data/history/production/${path}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      expect(response.status, path).toBe(200)
      return response.text()
    }
    const documentsAt = async (query: string) =>
      (
        JSON.parse(await history(`documents/${ids.join(',')}?${query}`)) as {
          documents: Array<{ _id: string }>
        }
      ).documents.sort(byId)

    const folder = join(root, 'point-in-time')
    await lakeCommand('backup', folder, '--data-dir', dataDir)
    const restoredDir = join(root, 'at-point')
    expect(await lakeCommand('restore', folder, '--data-dir', restoredDir, '--to', point)).toContain(
      `as of transaction ${point}`,
    )
    const restored = await serve(restoredDir)
    const atPoint = await documentsAt(`revision=${point}`)
    expect(atPoint.map((doc) => doc._id)).toEqual(['drafts.pit-c', 'pit-a'])
    const served = await restored.client.fetch<Array<{ _id: string }>>(
      '*[_id in $ids]',
      { ids },
      { perspective: 'raw' },
    )
    expect(served.sort(byId)).toEqual(atPoint)

    const log = await history(`transactions/pit-a?fromTransaction=${point}&toTransaction=${point}`)
    const time = (JSON.parse(log.trim()) as { timestamp: string }).timestamp
    const byTime = join(root, 'at-time')
    await restoreBackup(folder, byTime, time)
    const storage = new SqliteStorage(join(byTime, 'datasets/production.sqlite'))
    const stored = ids.flatMap((id) => storage.get(id) ?? [])
    storage.close()
    expect(stored.sort(byId)).toEqual(await documentsAt(`time=${encodeURIComponent(time)}`))

    // A point the backup cannot reach is refused, and nothing is restored.
    const later = new Date(Date.now() + 60_000).toISOString()
    await expect(restoreBackup(folder, join(root, 'later'), later)).rejects.toThrow(
      /after this backup was taken/,
    )
    await expect(restoreBackup(folder, join(root, 'unknown'), 'no-such-transaction')).rejects.toThrow(
      /no dataset in the backup holds transaction "no-such-transaction"/,
    )
    expect(existsSync(join(root, 'later')) || existsSync(join(root, 'unknown'))).toBe(false)
  }, 180_000)
})
