import 'server-only'
import { nonEmpty } from '@slideshow/sanity/env'
import { sanityEnv } from './env'
import { lakeSecretsFile, resolveSecret, type SecretLookup, type SecretName } from './secrets'

/** Reads the drafts perspective in draft mode; never leaves the server. */
export const readToken = nonEmpty(process.env.SANITY_API_READ_TOKEN)

const reported = new Set<string>()

function lookUp(name: SecretName): SecretLookup {
  const found = resolveSecret(name, {
    env: process.env,
    // Next.js writes NODE_ENV into the build, so a `next build` can never take the dev branch.
    development: process.env.NODE_ENV !== 'production',
    onLake: sanityEnv.onLake,
    lakeSecretsFile: lakeSecretsFile(process.env, process.cwd()),
  })
  // Once per problem: a misconfigured deployment should say so, not flood the log per request.
  if (found.problem && !reported.has(found.problem)) {
    reported.add(found.problem)
    console.error(`site: ${found.problem}`)
  }
  return found
}

// Looked up per request: in development the lake may make its secrets after the site started.
export const previewSecret = (): SecretLookup => lookUp('previewSecret')
export const revalidateSecret = (): SecretLookup => lookUp('revalidateSecret')
