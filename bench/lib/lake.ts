// A lake for the bench: a fresh data dir (seeded with the Baldwin story), loopback only, the
// site's revalidate webhook pointed at this run's site, and helpers to write to it over HTTP.
import { startLakeFixture } from '@slideshow/testkit/lake'
import { siteRevalidateWebhook } from '../../apps/lake/src/webhooks/webhookConfig.ts'
import { type Started, sleep, statusField } from './proc.ts'
import { READ_TOKEN, REVALIDATE_SECRET } from './secrets.ts'

export const API = 'v2025-02-19'
export const DATASET = 'production'
/** The seeded story: Baldwin, 43 slides. */
export const STORY_ID = 'article-alec-baldwin-hilaria'
export const STORY_SLUG = 'alec-baldwin-hilaria-dramatic-news'

export interface BenchLake {
  url: string
  process: Started
  dataDir: string
}

/**
 * Starts a lake on free ports in `dataDir`. With `siteUrl`, it calls the site's
 * /api/revalidate after every change to a published article or person, like the default
 * webhook; `retryBaseMs` is short so a missed delivery shows in the figures rather than hiding.
 */
export async function startLake(dataDir: string, log: string, siteUrl?: string): Promise<BenchLake> {
  // The lake's own default webhook, pointed at this run's site, signed with the run's secret,
  // with quicker retries.
  const webhooks = siteUrl
    ? [
        {
          ...siteRevalidateWebhook({ SITE_URL: siteUrl, SANITY_REVALIDATE_SECRET: REVALIDATE_SECRET }),
          retryBaseMs: 200,
        },
      ]
    : []
  const lake = await startLakeFixture({
    dataDir,
    log,
    append: true,
    config: {
      devIdentity: true,
      webhooks,
      tokens: [{ token: READ_TOKEN, role: 'viewer', name: 'bench site reader' }],
    },
    env: withoutSiteEnv(process.env),
    host: '127.0.0.1',
    timeoutMs: 120_000,
  })
  // startProcess throws when there is no pid, so there is one.
  const pid = lake.process.pid as number
  return { url: lake.url, process: { name: 'lake', child: lake.process, pid, log }, dataDir }
}

const ARTICLE_QUERY = `*[_type == "article" && slug.current == "${STORY_SLUG}"][0]{
  ..., "slides": slides[]{..., image{..., asset->}, people[]->{name, "slug": slug.current}}, people[]->{name, "slug": slug.current}
}`

/**
 * The lake's VmRSS at rest: after its first start (it seeded itself), a few seconds after
 * /health answered, and again after one article query (which starts its query workers).
 */
export async function idleRss(lake: BenchLake): Promise<{ rssBytes: number; afterQueryRssBytes: number }> {
  const rss = () => statusField(lake.process.pid, 'VmRSS') ?? Number.NaN
  await sleep(3000)
  const rssBytes = rss()
  await query(lake.url, ARTICLE_QUERY)
  await sleep(2000)
  return { rssBytes, afterQueryRssBytes: rss() }
}

/** The environment minus everything that would point a child at another site or project. */
export function withoutSiteEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) =>
        !name.startsWith('SANITY_') &&
        !name.startsWith('LAKE_') &&
        !['SITE_URL', 'CACHE_PURGE_URL', 'NODE_ENV', 'PORT'].includes(name),
    ),
  )
}

export async function query<T>(lakeUrl: string, groq: string): Promise<T> {
  const response = await fetch(
    `${lakeUrl}/${API}/data/query/${DATASET}?query=${encodeURIComponent(groq)}&perspective=raw`,
  )
  if (!response.ok) throw new Error(`query failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { result: T }).result
}

/** One transaction through the mutate API (the loopback dev identity is an administrator). */
export async function mutate(lakeUrl: string, mutations: object[]): Promise<void> {
  const response = await fetch(`${lakeUrl}/${API}/data/mutate/${DATASET}?returnIds=false`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mutations }),
  })
  if (!response.ok)
    throw new Error(`mutate failed: ${response.status} ${(await response.text()).slice(0, 500)}`)
  await response.arrayBuffer()
}

/** Writes documents with createOrReplace in transactions under `maxBytes` (the lake takes up to 10 MB). */
export async function importDocuments(
  lakeUrl: string,
  docs: object[],
  maxBytes = 3.5 * 1024 * 1024,
): Promise<number> {
  let batch: object[] = []
  let bytes = 0
  let transactions = 0
  const flush = async () => {
    if (batch.length === 0) return
    await mutate(
      lakeUrl,
      batch.map((doc) => ({ createOrReplace: doc })),
    )
    transactions++
    batch = []
    bytes = 0
  }
  for (const doc of docs) {
    const size = Buffer.byteLength(JSON.stringify(doc)) + 24
    if (bytes + size > maxBytes) await flush()
    batch.push(doc)
    bytes += size
  }
  await flush()
  return transactions
}

interface SeedRefs {
  images: string[]
  people: string[]
}

/** Image assets and people already in the seeded lake, for generated stories to point at. */
export async function seedRefs(lakeUrl: string): Promise<SeedRefs> {
  const images = await query<string[]>(lakeUrl, '*[_type == "sanity.imageAsset"]._id')
  const people = await query<string[]>(lakeUrl, '*[_type == "person" && !(_id in path("drafts.**"))]._id')
  if (images.length === 0 || people.length === 0) throw new Error('the bench lake was not seeded')
  return { images, people }
}

const words =
  'the a photograph story evening premiere family city light crowd stage morning quiet years later first long road home shared news'.split(
    ' ',
  )

function sentence(seed: number, length: number): string {
  const out: string[] = []
  for (let index = 0; index < length; index++)
    out.push(words[(seed * 31 + index * 7) % words.length] as string)
  const text = out.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

function block(key: string, text: string) {
  return {
    _type: 'block',
    _key: key,
    style: 'normal',
    markDefs: [],
    children: [{ _type: 'span', _key: `${key}-s`, text, marks: [] }],
  }
}

/**
 * `count` generated stories of `slides` slides each, shaped like the seeded one (dek, hero, people,
 * slides with heading, two paragraphs, photo, credit), pointing at the seed's images and people.
 */
export function generateStories(count: number, slides: number, refs: SeedRefs): object[] {
  const ref = (id: string, key: string) => ({ _type: 'reference', _ref: id, _key: key })
  const image = (n: number, alt: string) => ({
    _type: 'image',
    alt,
    asset: { _type: 'reference', _ref: refs.images[n % refs.images.length] },
  })
  return Array.from({ length: count }, (_, story) => ({
    _id: `bench-story-${story}`,
    _type: 'article',
    title: `Bench story ${story}: ${sentence(story, 6)}`,
    slug: { _type: 'slug', current: `bench-story-${story}` },
    publishedAt: new Date(Date.UTC(2020, 0, 1) + story * 3_600_000).toISOString(),
    dek: [block('dek', sentence(story, 40))],
    seoDescription: sentence(story + 1, 20),
    heroImage: { ...image(story, `Hero of bench story ${story}`), credit: 'Bench Photo Agency' },
    people: [ref(refs.people[story % refs.people.length] as string, 'p0')],
    slides: Array.from({ length: slides }, (_, n) => ({
      _type: 'slide',
      _key: `slide-${n}`,
      heading: `Slide ${n + 1}: ${sentence(story + n, 4)}`,
      body: [block(`b${n}a`, sentence(story * 3 + n, 45)), block(`b${n}b`, sentence(story * 5 + n, 30))],
      image: image(story + n, `Photo ${n + 1} of bench story ${story}`),
      credit: `Photographer ${n % 9}`,
      people: [ref(refs.people[(story + n) % refs.people.length] as string, `sp${n}`)],
    })),
  }))
}
