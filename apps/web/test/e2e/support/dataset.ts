import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/*
 * The seed the lake starts from, read straight from packages/dataset: what the site shows is
 * checked against the source, not against what the site itself fetched.
 */

interface Block {
  _type: string
  children?: { text?: string }[]
}

export interface SeedSlide {
  _key: string
  heading: string
  body?: Block[]
  credit?: string
  people?: { _ref: string }[]
}

export interface SeedArticle {
  _id: string
  title: string
  slug: { current: string }
  dek?: Block[]
  heroImage?: { credit?: string }
  slides: SeedSlide[]
  people?: { _ref: string }[]
}

export interface SeedPerson {
  _id: string
  name: string
  slug: { current: string }
  roles?: string[]
}

const file = fileURLToPath(new URL('../../../../../packages/dataset/data/production.ndjson', import.meta.url))
const documents = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { _type: string })

export const articles = documents.filter((doc) => doc._type === 'article') as unknown as SeedArticle[]
export const people = documents.filter((doc) => doc._type === 'person') as unknown as SeedPerson[]

export function theStory(): SeedArticle {
  const [article] = articles
  if (!article) throw new Error(`No article in ${file}`)
  return article
}

/** One string per paragraph, as a reader sees it. */
export function paragraphs(blocks: Block[] | undefined): string[] {
  return (blocks ?? [])
    .filter((block) => block._type === 'block')
    .map((block) => (block.children ?? []).map((child) => child.text ?? '').join(''))
}
