import path from 'node:path'

export type { SeedSlide, SeedStory } from './parseSeed.ts'
export { parseSeed, SeedFormatError } from './parseSeed.ts'

/** Root of the @slideshow/dataset package. */
export const datasetDir = path.resolve(import.meta.dirname, '..')
/** The story text the dataset is generated from (the project's copy of the seed). */
export const sourcePath = path.join(datasetDir, 'source', 'baldwin.txt')
/** `sanity dataset import` input; its `file://./images/…` asset paths are relative to this file. */
export const ndjsonPath = path.join(datasetDir, 'data', 'production.ndjson')
export const imagesDir = path.join(datasetDir, 'data', 'images')
