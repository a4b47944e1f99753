import { createClient } from '@sanity/client'
import { publishedClientConfig } from '@slideshow/sanity/client'
import { resolveSanityEnv } from '@slideshow/sanity/env'
import { CONTENT_SOURCE_PROBE_QUERY } from '@slideshow/sanity/queries'

/** Exits the build with a readable message when the lake or the hosted project does not answer. */
export async function checkContentSource(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const sanity = resolveSanityEnv(env)
  const where = sanity.onLake
    ? `the local lake at ${sanity.apiHost} (start it with \`npm run lake\`, or set SANITY_API_HOST)`
    : `Sanity project "${sanity.projectId}", dataset "${sanity.dataset}" at ${sanity.apiHost}`
  const client = createClient({ ...publishedClientConfig(sanity), maxRetries: 0 })
  try {
    await client.fetch(CONTENT_SOURCE_PROBE_QUERY, {}, { signal: AbortSignal.timeout(10_000) })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    console.error(`\nCannot build the site: no answer from ${where}.\n  ${reason}\n`)
    process.exit(1)
  }
}
