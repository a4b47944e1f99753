import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extract } from 'tar'
import type { Lake } from '../lake.ts'
import type { Dataset } from '../store/dataset.ts'
import { importNdjson } from './importNdjson.ts'

/** Finds the NDJSON in a folder: `data.ndjson` at the top or one level down (an export's layout). */
function ndjsonIn(folder: string): string {
  const candidates = [join(folder, 'data.ndjson')]
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry)
    if (statSync(path).isDirectory()) candidates.push(join(path, 'data.ndjson'))
    else if (entry.endsWith('.ndjson')) candidates.push(path)
  }
  const found = candidates.find((candidate) => existsSync(candidate))
  if (!found) throw new Error(`No data.ndjson (or *.ndjson) in ${folder}`)
  return found
}

/** `lake import`: an `.ndjson` file, a folder holding one, or a `.tar.gz` export. */
export async function importSource(lake: Lake, dataset: Dataset, source: string): Promise<number> {
  if (statSync(source).isDirectory()) return importNdjson(lake, dataset, ndjsonIn(source))
  if (!/\.(tar\.gz|tgz)$/.test(source)) return importNdjson(lake, dataset, source)
  const workDir = mkdtempSync(join(tmpdir(), 'lake-import-'))
  try {
    // tar refuses absolute paths and `..` entries by default, so an archive cannot write outside workDir.
    await extract({ file: source, cwd: workDir })
    return await importNdjson(lake, dataset, ndjsonIn(workDir))
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}
