import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from '@playwright/test'
import { mutate } from './lake'
import { logsDir } from './processes'
import { SITE_LOG } from './site'

/*
 * What the site rendered, read from its own output: a page prints `render <path>` each time it
 * renders (lib/renderLog.ts), the revalidate route `revalidate <transaction>: received` when a
 * delivery arrives, `expired N pages` once the publish before it is done, and `rendered N pages
 * again` once it has warmed them.
 */

function output(): Buffer {
  return readFileSync(join(logsDir, SITE_LOG))
}

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length
}

/** Waits until every delivery the site took has re-rendered its pages, and gives where its output ends. */
async function settledMark(): Promise<number> {
  await expect
    .poll(() => {
      const text = output().toString('utf8')
      return count(text, /^revalidate \S+: received/gm) - count(text, /^revalidate \S+: rendered/gm)
    })
    .toBe(0)
  return output().length
}

/** Where the site's output ends now, for `rendersSince`. */
export function outputMark(): number {
  return output().length
}

/** The pages rendered since `mark`, one entry per render. */
export function rendersSince(mark: number): string[] {
  const text = output().subarray(mark).toString('utf8')
  return [...text.matchAll(/^render (\S+)$/gm)].map((match) => match[1] ?? '')
}

/**
 * Writes to the lake and waits until the site has taken the webhook and rendered again the pages
 * it expired. Gives where the site's output stood before, for `rendersSince`.
 */
export async function publish(mutations: object[]): Promise<number> {
  const mark = await settledMark()
  const transaction = await mutate(mutations)
  await expect
    .poll(() => output().subarray(mark).toString('utf8').includes(`revalidate ${transaction}: rendered`), {
      timeout: 60_000,
    })
    .toBe(true)
  return mark
}
