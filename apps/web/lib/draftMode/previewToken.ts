import 'server-only'
import { sanityEnv } from '@/lib/sanity/env'
import { lakeCliToken, lakeSecretsFile } from '@/lib/sanity/secrets'
import { readToken } from '@/lib/sanity/token'

/**
 * The server-side token draft mode reads drafts and preview secrets with; it never reaches the
 * browser. The site's read token, or under `next dev` on the lake the lake's own token, so
 * `npm run dev` previews with nothing to configure. Looked up per request: in development the
 * lake may make its secrets after the site started.
 */
export function previewToken(): string | undefined {
  if (readToken) return readToken
  if (process.env.NODE_ENV === 'production' || !sanityEnv.onLake) return undefined
  return lakeCliToken(lakeSecretsFile(process.env, process.cwd()))
}
