import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetFilePath } from '../src/assets/assetFiles.ts'
import { loadConfig } from '../src/config.ts'
import { Lake } from '../src/lake.ts'
import { memoryBackend } from '../src/store/memoryStorage.ts'
import type { SanityDocument } from '../src/store/types.ts'
import { exportArchive } from '../src/transfer/exportDataset.ts'
import { importSource } from '../src/transfer/importSource.ts'
import { API_VERSION, startTarget, type Target } from './harness.ts'

let target: Target
const workDir = mkdtempSync(join(tmpdir(), 'lake-transfer-'))

beforeAll(async () => {
  target = await startTarget({ seed: true })
})
afterAll(async () => {
  await target.close()
  rmSync(workDir, { recursive: true, force: true })
})

const comparable = ({ _rev, _updatedAt, ...rest }: SanityDocument) => rest
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex')

function assetBytes(lake: Lake, doc: SanityDocument): Buffer {
  const kind = doc._type === 'sanity.imageAsset' ? 'images' : 'files'
  return readFileSync(
    assetFilePath(lake.assetsDir, 'production', kind, String(doc.path).split('/').pop() ?? ''),
  )
}

describe('export and import', () => {
  it('round-trips the seeded story through a .tar.gz: same documents, same asset bytes', async () => {
    const source = target.local?.lake
    if (!source) throw new Error('needs a local lake')
    const client = target.client()
    await client.create({ _id: 'drafts.article-alec-baldwin-hilaria', _type: 'article', title: 'A draft' })
    // A scheduled release travels too: its document and its (locked) version, as they were.
    const { releaseId } = await client.releases.create({ metadata: { title: 'Embargo' } })
    await client.createVersion({
      releaseId,
      publishedId: 'embargoed',
      document: { _type: 'article', title: 'Later' },
    })
    await client.releases.schedule({ releaseId, publishAt: new Date(Date.now() + 3_600_000).toISOString() })
    const archive = join(workDir, 'export.tar.gz')
    const exported = await exportArchive(source, 'production', archive)
    expect(exported).toBeGreaterThan(10)

    // The copy only has to hold what was imported, for comparing: memory will do.
    const copy = new Lake(
      loadConfig({}, { dataDir: join(workDir, 'copy'), seedDataset: null, webhooks: [] }),
      memoryBackend(),
    )
    try {
      let imported = 0
      await copy.createDataset('production', 'public', async (dataset) => {
        imported = await importSource(copy, dataset, archive)
      })
      expect(imported).toBe(exported)
      const before = [...source.dataset('production').storage.all()].sort((a, b) =>
        a._id.localeCompare(b._id),
      )
      const after = [...copy.dataset('production').storage.all()].sort((a, b) => a._id.localeCompare(b._id))
      // The fixed groups stay behind: every lake makes its own from its members.
      const content = (docs: SanityDocument[]) =>
        docs
          .filter((doc) => !doc._type.startsWith('sanity.') && !doc._id.startsWith('_.groups.'))
          .map(comparable)
      expect(content(after)).toEqual(content(before))
      expect(after.filter((doc) => doc._id.startsWith('_.groups.'))).toEqual([])
      const assetsOf = (docs: SanityDocument[]) => docs.filter((doc) => doc._type.startsWith('sanity.'))
      expect(assetsOf(after).map((doc) => doc._id)).toEqual(assetsOf(before).map((doc) => doc._id))
      for (const [index, asset] of assetsOf(after).entries()) {
        const original = assetsOf(before)[index] as SanityDocument
        expect(sha1(assetBytes(copy, asset))).toBe(sha1(assetBytes(source, original)))
        expect(asset.originalFilename).toBe(original.originalFilename)
      }
    } finally {
      copy.close()
    }
  })

  it('streams documents as NDJSON from /data/export, published only for anonymous callers', async () => {
    const withToken = await fetch(`${target.url}/v${API_VERSION}/data/export/production`, {
      headers: { authorization: `Bearer ${target.writeToken}` },
    })
    const lines = (await withToken.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as SanityDocument)
    expect(lines.some((doc) => doc._type === 'article')).toBe(true)
    expect(lines.some((doc) => doc._id.startsWith('drafts.'))).toBe(true)
    const anonymous = await (await fetch(`${target.url}/v${API_VERSION}/data/export/production`)).text()
    expect(anonymous).toContain('"_type":"article"')
    expect(anonymous).not.toContain('"_id":"drafts.')
  })
})

describe('seeded assets', () => {
  it('carry the URL of the HTTPS port the lake actually listens on', async () => {
    const url = await target.client().fetch<string>('*[_type == "article"][0].slides[0].image.asset->url')
    expect(url.startsWith(`${target.local?.httpsUrl}/images/local/production/`)).toBe(true)
  })
})
