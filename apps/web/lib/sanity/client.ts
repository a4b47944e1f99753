import 'server-only'
import { createClient } from '@sanity/client'
import { draftsClientConfig, publishedClientConfig } from '@slideshow/sanity/client'
import { sanityEnv } from './env'
import { readToken } from './token'

/** Reads published content, with no token: what every public page and feed is built from. */
export const publishedClient = createClient(publishedClientConfig(sanityEnv))

/** Reads the drafts perspective with the server-only read token; used in draft mode only. */
export const draftsClient = createClient(draftsClientConfig(sanityEnv, readToken))
