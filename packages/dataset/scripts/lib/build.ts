import { parseSeed } from '../../src/index.ts'
import { buildDocuments } from './documents.ts'
import { renderImage } from './images.ts'

export interface Dataset {
  /** One JSON document per line, newline-terminated. */
  ndjson: string
  /** File name (inside the images directory) → JPEG bytes. */
  images: Map<string, Buffer>
}

/** Everything `generate` writes, computed in memory from the seed text. */
export async function buildDataset(seedText: string): Promise<Dataset> {
  const { documents, images } = buildDocuments(parseSeed(seedText))
  const ndjson = documents.map((doc) => `${JSON.stringify(doc)}\n`).join('')
  const rendered = await Promise.all(
    images.map(async (spec) => [spec.file, await renderImage(spec)] as const),
  )
  return { ndjson, images: new Map(rendered) }
}
