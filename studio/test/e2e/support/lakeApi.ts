import { API_VERSION, DATASET } from './constants.ts'
import { runEnv } from './runEnv.ts'

/*
 * Checks made from the test process against the lake's HTTP API, as the site and the CLI use it.
 * Loopback without a token is the dev identity (an administrator), so drafts are visible.
 */

export interface LakeDocument {
  _id: string
  _type: string
  _rev: string
  [field: string]: unknown
}

function url(path: string): string {
  return `${runEnv.lakeUrl}/${API_VERSION}${path}`
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** The document with exactly this id (a draft id reads the draft), or undefined. */
export async function getDocument<T extends LakeDocument = LakeDocument>(id: string): Promise<T | undefined> {
  const { documents } = await json<{ documents: T[] }>(await fetch(url(`/data/doc/${DATASET}/${id}`)))
  return documents[0]
}

export async function query<T>(
  groq: string,
  params: Record<string, unknown> = {},
  dataset = DATASET,
): Promise<T> {
  const search = new URLSearchParams({ query: groq, perspective: 'raw' })
  for (const [name, value] of Object.entries(params)) search.set(`$${name}`, JSON.stringify(value))
  return (await json<{ result: T }>(await fetch(url(`/data/query/${dataset}?${search}`)))).result
}

export async function mutate(mutations: object[], dataset = DATASET): Promise<void> {
  await json(
    await fetch(url(`/data/mutate/${dataset}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mutations }),
    }),
  )
}

/** A marker no earlier run or other test has written. */
export function uniqueMarker(label: string): string {
  return `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

/** Runs actions (`/data/actions`) as the Studio sends them: document and release actions. */
export async function act(actions: object[]): Promise<void> {
  await json(
    await fetch(url(`/data/actions/${DATASET}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actions }),
    }),
  )
}
