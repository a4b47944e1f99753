/**
 * Regenerates data/production.ndjson and data/images/ from source/baldwin.txt.
 *   npm run generate              write the files
 *   npm run check                 write nothing; exit 1 if the files on disk are not what this
 *                                 script makes (for CI)
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { datasetDir, imagesDir, ndjsonPath, sourcePath } from '../src/index.ts'
import { buildDataset } from './lib/build.ts'
import { diffAgainstDisk, writeDataset } from './lib/files.ts'

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } })
const dataset = await buildDataset(await readFile(sourcePath, 'utf8'))
const shown = (file: string): string => path.relative(datasetDir, file)

if (values.check) {
  const problems = await diffAgainstDisk(dataset, ndjsonPath, imagesDir)
  if (problems.length > 0) {
    console.error(`dataset is out of date (run \`npm run generate -w @slideshow/dataset\`):`)
    for (const problem of problems) console.error(`  ${problem}`)
    process.exitCode = 1
  } else {
    console.log(
      `dataset is up to date: ${shown(ndjsonPath)} and ${dataset.images.size} images in ${shown(imagesDir)}`,
    )
  }
} else {
  await writeDataset(dataset, ndjsonPath, imagesDir)
  const bytes = [...dataset.images.values()].reduce((sum, image) => sum + image.length, 0)
  console.log(
    `wrote ${shown(ndjsonPath)} (${dataset.ndjson.split('\n').length - 1} documents) and ` +
      `${dataset.images.size} images (${bytes} bytes) in ${shown(imagesDir)}`,
  )
}
