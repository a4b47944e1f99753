// The secret the bench's lake signs its webhook with and its site checks: made at random for the
// run, as a deployment configures its own (`next start` has no built-in one).
import { randomBytes } from 'node:crypto'

export const REVALIDATE_SECRET = randomBytes(32).toString('base64url')

// The site's server-side read token, a viewer of the bench's lake: draft mode (the preview phase)
// reads drafts and checks preview secrets with it, as a deployment's SANITY_API_READ_TOKEN.
export const READ_TOKEN = randomBytes(32).toString('base64url')
