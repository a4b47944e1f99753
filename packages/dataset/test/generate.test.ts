import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peopleMentionedIn } from '../scripts/content/people.ts'
import { buildDataset, type Dataset } from '../scripts/lib/build.ts'
import { buildDocuments } from '../scripts/lib/documents.ts'
import { diffAgainstDisk, writeDataset } from '../scripts/lib/files.ts'
import { datasetDir, imagesDir, ndjsonPath, parseSeed, sourcePath } from '../src/index.ts'

const run = promisify(execFile)
const seedText = await readFile(sourcePath, 'utf8')

describe('generate', () => {
  let dataset: Dataset
  beforeAll(async () => {
    dataset = await buildDataset(seedText)
  })

  it('produces exactly the committed files (what `generate --check` verifies)', async () => {
    expect(dataset.ndjson).toBe(await readFile(ndjsonPath, 'utf8'))
    expect([...dataset.images.keys()].sort()).toEqual((await readdir(imagesDir)).sort())
    for (const [name, bytes] of dataset.images) {
      expect(bytes.equals(await readFile(path.join(imagesDir, name))), name).toBe(true)
    }
  })

  it('is deterministic: a second build is byte-identical', async () => {
    const again = await buildDataset(seedText)
    expect(again.ndjson).toBe(dataset.ndjson)
    for (const [name, bytes] of dataset.images) expect(again.images.get(name)?.equals(bytes), name).toBe(true)
  })

  it('`--check` exits 0 on the committed files', async () => {
    // process.execPath is the Node that runs vitest (the pinned Node 24, via npm).
    const { stdout } = await run(process.execPath, ['scripts/generate.ts', '--check'], { cwd: datasetDir })
    expect(stdout).toMatch(/dataset is up to date/)
  })

  describe('--check comparison', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'dataset-check-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('reports changed, missing and stale files', async () => {
      const ndjson = path.join(dir, 'production.ndjson')
      const images = path.join(dir, 'images')
      await writeDataset(dataset, ndjson, images)
      expect(await diffAgainstDisk(dataset, ndjson, images)).toEqual([])

      await writeFile(ndjson, dataset.ndjson.replace('Love By Chance', 'Love by chance'))
      await rm(path.join(images, 'slide-07.jpg'))
      await writeFile(path.join(images, 'slide-44.jpg'), 'not ours')
      expect(await diffAgainstDisk(dataset, ndjson, images)).toEqual([
        `differs: ${ndjson}`,
        `missing ${path.join(images, 'slide-07.jpg')}`,
        `not generated (stale): ${path.join(images, 'slide-44.jpg')}`,
      ])

      // Writing again repairs everything, including removing the stale image.
      await writeDataset(dataset, ndjson, images)
      expect(await diffAgainstDisk(dataset, ndjson, images)).toEqual([])
    })
  })
})

describe('reference rules', () => {
  const slugs = (...texts: string[]): string[] => peopleMentionedIn(...texts).map((person) => person.slug)

  it('matches first names as whole words', () => {
    expect(slugs('Alec asked Kim')).toEqual(['alec-baldwin', 'kim-basinger'])
    expect(slugs('Hilaria’s lives')).toEqual(['hilaria-baldwin'])
    expect(slugs('Carmen Gabriela, followed by Rafael Thomas')).toEqual([
      'carmen-gabriela-baldwin',
      'rafael-thomas-baldwin',
    ])
    expect(slugs('Leonardo and Romeo', 'Eduardo Pau Lucas')).toEqual([
      'leonardo-angel-charles-baldwin',
      'romeo-alejandro-david-baldwin',
      'eduardo-pau-lucas-baldwin',
    ])
    expect(slugs('Alecs and Kimberly')).toEqual([])
  })

  it('reads a bare "Baldwin" as Alec, but not the surname of another named Baldwin', () => {
    expect(slugs('Basinger and Baldwin')).toEqual(['alec-baldwin', 'kim-basinger'])
    expect(slugs('Ireland Baldwin')).toEqual(['ireland-baldwin'])
    expect(slugs('Hilaria Baldwin')).toEqual(['hilaria-baldwin'])
    expect(slugs('Billy Baldwin')).toEqual([])
  })

  it('ignores photo credits, which name photographers and accounts rather than subjects', () => {
    const { documents } = buildDocuments(parseSeed(seedText))
    const [article] = documents
    const backToCourt = article.slides.find((slide) => slide.heading === 'Back To Court')
    expect(backToCourt?.credit).toBe('Ireland Baldwin / Instagram')
    expect(backToCourt?.people.map((ref) => ref._ref)).toEqual(['person-alec-baldwin'])
  })
})
