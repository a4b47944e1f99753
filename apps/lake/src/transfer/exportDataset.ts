import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { create } from 'tar'
import { assetFilePath } from '../assets/assetFiles.ts'
import { writeFileAtomicWith } from '../files/atomicWrite.ts'
import { inDatasetOrder } from '../groq/view.ts'
import type { Lake } from '../lake.ts'
import { isSystemGroupId } from '../store/ids.ts'
import type { SanityDocument } from '../store/types.ts'

const ASSET_TYPES: Record<string, 'images' | 'files'> = {
  'sanity.imageAsset': 'images',
  'sanity.fileAsset': 'files',
}
const DESCRIPTIVE = ['originalFilename', 'label', 'title', 'description', 'creditLine', 'source'] as const

/**
 * Writes a dataset as the `.tar.gz` that `sanity dataset export` makes and `sanity dataset
 * import` (and `lake import`) reads: `<dataset>/data.ndjson` with every asset reference turned
 * into `_sanityAsset: "image@file://./images/<file>"`, the asset bytes beside it, and
 * `assets.json` with each asset's descriptive fields. The archive appears whole or not at all.
 */
export async function exportArchive(lake: Lake, datasetName: string, file: string): Promise<number> {
  const dataset = lake.dataset(datasetName)
  const workDir = mkdtempSync(join(tmpdir(), 'lake-export-'))
  const root = join(workDir, datasetName)
  try {
    const assets = new Map<string, { kind: 'images' | 'files'; fileName: string; doc: SanityDocument }>()
    const documents: SanityDocument[] = []
    for (const doc of inDatasetOrder(dataset.storage.all())) {
      // The fixed groups are the lake's own, made in every dataset from its members: an import
      // (here, or into hosted, which keeps its own) must not carry another lake's.
      if (isSystemGroupId(doc._id)) continue
      const kind = ASSET_TYPES[doc._type]
      if (kind) assets.set(doc._id, { kind, fileName: basename(String(doc.path)), doc })
      else documents.push(doc)
    }
    for (const kind of ['images', 'files'] as const) mkdirSync(join(root, kind), { recursive: true })
    const assetMeta: Record<string, Record<string, unknown>> = {}
    for (const [id, asset] of assets) {
      copyFileSync(
        assetFilePath(lake.assetsDir, datasetName, asset.kind, asset.fileName),
        join(root, asset.kind, asset.fileName),
      )
      assetMeta[id] = {
        fileName: asset.fileName,
        ...Object.fromEntries(
          DESCRIPTIVE.filter((key) => asset.doc[key] !== undefined).map((key) => [key, asset.doc[key]]),
        ),
      }
    }
    const lines = documents.map((doc) => JSON.stringify(withAssetFiles(doc, assets)))
    writeFileSync(join(root, 'data.ndjson'), lines.map((line) => `${line}\n`).join(''))
    writeFileSync(join(root, 'assets.json'), `${JSON.stringify(assetMeta, null, 2)}\n`)
    // Built beside the target and renamed in, so an interrupted export never leaves a torn archive.
    await writeFileAtomicWith(file, (temp) =>
      create({ gzip: true, file: temp, cwd: workDir, portable: true }, [datasetName]),
    )
    return documents.length
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

function withAssetFiles(
  value: unknown,
  assets: Map<string, { kind: 'images' | 'files'; fileName: string }>,
): unknown {
  if (Array.isArray(value)) return value.map((item) => withAssetFiles(item, assets))
  if (typeof value !== 'object' || value === null) return value
  const { asset, ...rest } = value as Record<string, unknown>
  const mapped = Object.fromEntries(
    Object.entries(rest).map(([key, child]) => [key, withAssetFiles(child, assets)]),
  )
  const ref = (asset as { _ref?: unknown } | undefined)?._ref
  const target = typeof ref === 'string' ? assets.get(ref) : undefined
  if (!target) return asset === undefined ? mapped : { ...mapped, asset: withAssetFiles(asset, assets) }
  const prefix = target.kind === 'images' ? 'image' : 'file'
  return { ...mapped, _sanityAsset: `${prefix}@file://./${target.kind}/${target.fileName}` }
}
