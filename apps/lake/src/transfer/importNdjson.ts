import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve, sep } from 'node:path'
import type { AssetMeta } from '../assets/assetMeta.ts'
import { describeFile, prepareFileAsset } from '../assets/fileAssets.ts'
import type { prepareImageAsset } from '../assets/imageAssets.ts'
import { IMPORT_IDENTITY } from '../auth/identity.ts'
import type { Lake } from '../lake.ts'
import type { Dataset } from '../store/dataset.ts'
import type { SanityDocument } from '../store/types.ts'

const ASSET_REFERENCE = /^(image|file)@file:\/\/(.+)$/

interface ResolveContext {
  lake: Lake
  datasetName: string
  baseDir: string
  assets: Map<string, SanityDocument>
  /** `assets.json` of an export: descriptive fields per original asset id, keyed by file name. */
  meta: Map<string, AssetMeta>
}

/**
 * Imports an NDJSON file in the format `sanity dataset import` reads: one document per line,
 * assets given as `{_sanityAsset: "image@file://./images/x.jpg"}` (or `file@...`) relative to
 * the file. Every asset and every document is written in one transaction, so an import is all
 * or nothing, and its strong references are checked as one: on the file's final state, in any
 * line order, as hosted ends up checking them (`sanity dataset import` writes references weak
 * and strengthens them once every document is in, failing on a missing one). A file the lake
 * accepts therefore imports into a hosted dataset. It takes the dataset itself, not its name, so a dataset still being created (and
 * invisible to requests) can be filled.
 */
export async function importNdjson(lake: Lake, dataset: Dataset, file: string): Promise<number> {
  const baseDir = dirname(resolve(file))
  const documents = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as Record<string, unknown>
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`)
      }
    })
  const context: ResolveContext = {
    lake,
    datasetName: dataset.name,
    baseDir,
    assets: new Map(),
    meta: readAssetMeta(baseDir),
  }
  const resolved = []
  for (const doc of documents) resolved.push(await resolveAssets(doc, context))
  const withoutSystem = ({ _rev, _updatedAt, ...rest }: Record<string, unknown>) => rest
  const mutations = [
    ...[...context.assets.values()].map((asset) => ({ createOrReplace: withoutSystem(asset) })),
    ...resolved.map((doc) => ({ createOrReplace: withoutSystem(doc as Record<string, unknown>) })),
  ]
  dataset.commit(mutations, { identity: IMPORT_IDENTITY.id, systemWrite: true })
  return documents.length
}

function readAssetMeta(baseDir: string): Map<string, AssetMeta> {
  const file = join(baseDir, 'assets.json')
  if (!existsSync(file)) return new Map()
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, AssetMeta & { fileName?: string }>
  return new Map(Object.values(entries).flatMap((entry) => (entry.fileName ? [[entry.fileName, entry]] : [])))
}

/** prepareImageAsset, with sharp loaded by the first image imported rather than at every start of the lake. */
async function prepareImage(
  ...args: Parameters<typeof prepareImageAsset>
): ReturnType<typeof prepareImageAsset> {
  return (await import('../assets/imageAssets.ts')).prepareImageAsset(...args)
}

async function resolveAssets(value: unknown, context: ResolveContext): Promise<unknown> {
  if (Array.isArray(value)) {
    // One at a time: a story's forty photos decoded at once take hundreds of megabytes, and the
    // allocator keeps much of it long after (the lake's idle memory after seeding).
    const items = []
    for (const item of value) items.push(await resolveAssets(item, context))
    return items
  }
  if (typeof value !== 'object' || value === null) return value
  const { _sanityAsset: reference, ...rest } = value as Record<string, unknown>
  const resolvedRest: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(rest)) resolvedRest[key] = await resolveAssets(child, context)
  if (typeof reference !== 'string') return resolvedRest
  const match = ASSET_REFERENCE.exec(reference)
  if (!match?.[2])
    throw new Error(`Unsupported asset reference "${reference}": expected image@file:// or file@file://`)
  const path = resolve(context.baseDir, match[2])
  if (!path.startsWith(context.baseDir + sep))
    throw new Error(`Asset "${reference}" points outside the import folder`)
  const bytes = readFileSync(path)
  const fileName = basename(path)
  const meta = { originalFilename: fileName, ...context.meta.get(fileName) }
  const asset =
    match[1] === 'image'
      ? await prepareImage(context.lake, context.datasetName, bytes, meta)
      : await prepareFileAsset(
          context.lake,
          context.datasetName,
          bytes,
          describeFile(bytes, fileName, undefined),
          meta,
        )
  context.assets.set(asset._id, asset)
  return { ...resolvedRest, asset: { _type: 'reference', _ref: asset._id } }
}
