import { resolveSanityEnv } from '@slideshow/sanity/env'

/** Where this server reads content: the local lake, or the hosted project named by SANITY_PROJECT_ID. */
export const sanityEnv = resolveSanityEnv(process.env)
