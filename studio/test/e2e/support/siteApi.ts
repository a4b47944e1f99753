import { runEnv } from './runEnv.ts'

/*
 * The reader site as a reader without cookies gets it. Only used by the tests that need the site;
 * they are skipped (with the reason) when this run has no site.
 */

export function siteUrl(path: string): string {
  if (!runEnv.siteUrl) throw new Error(`The reader site is not part of this run: ${runEnv.siteSkip}`)
  return new URL(path, runEnv.siteUrl).href
}

export async function siteHtml(path: string): Promise<string> {
  return (await fetch(siteUrl(path))).text()
}

/** The heading of slide `n` as the slideshow page renders it. */
export async function slideHeadingOnSite(slug: string, n: number): Promise<string | null> {
  const html = await siteHtml(`/stories/${slug}/${n}`)
  return /<h1 id="slide-heading">([^<]*)<\/h1>/.exec(html)?.[1] ?? null
}
