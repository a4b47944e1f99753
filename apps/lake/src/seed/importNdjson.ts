import { readFileSync } from 'node:fs'
import { dirname, resolve, sep } from 'node:path'
import { prepareImageAsset } from '../assets/imageAssets.ts'
import type { Lake } from '../lake.ts'
import type { SanityDocument } from '../store/types.ts'

const ASSET_REFERENCE = /^image@file:\/\/(.+)$/

/**
 * Imports an NDJSON file in the format `sanity dataset import` reads: one document per line,
 * images given as `{_sanityAsset: "image@file://./path"}` relative to the file. Every image
 * becomes an asset and every document is written in one transaction, so an import is all or
 * nothing.
 */
export async function importNdjson(lake: Lake, datasetName: string, file: string): Promise<number> {
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
  const assets = new Map<string, SanityDocument>()
  const resolved = []
  for (const doc of documents) resolved.push(await resolveAssets(doc, { lake, datasetName, baseDir, assets }))
  const withoutSystem = ({ _rev, _updatedAt, ...rest }: Record<string, unknown>) => rest
  const mutations = [
    ...[...assets.values()].map((asset) => ({ createOrReplace: withoutSystem(asset) })),
    ...resolved.map((doc) => ({ createOrReplace: doc })),
  ]
  lake.dataset(datasetName).commit(mutations, { identity: 'lake-import' })
  return documents.length
}

interface ResolveContext {
  lake: Lake
  datasetName: string
  baseDir: string
  assets: Map<string, SanityDocument>
}

async function resolveAssets(value: unknown, context: ResolveContext): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => resolveAssets(item, context)))
  if (typeof value !== 'object' || value === null) return value
  const { _sanityAsset: reference, ...rest } = value as Record<string, unknown>
  const resolvedRest: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(rest)) resolvedRest[key] = await resolveAssets(child, context)
  if (typeof reference !== 'string') return resolvedRest
  const match = ASSET_REFERENCE.exec(reference)
  if (!match?.[1])
    throw new Error(`Unsupported asset reference "${reference}": only image@file:// is supported`)
  const path = resolve(context.baseDir, match[1])
  if (!path.startsWith(context.baseDir + sep))
    throw new Error(`Asset "${reference}" points outside the import folder`)
  const bytes = readFileSync(path)
  const asset = await prepareImageAsset(context.lake, context.datasetName, bytes, {
    originalFilename: path.split(sep).pop(),
  })
  context.assets.set(asset._id, asset)
  return { ...resolvedRest, asset: { _type: 'reference', _ref: asset._id } }
}
