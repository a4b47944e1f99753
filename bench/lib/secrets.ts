// The secret the bench's lake signs its webhook with and its site checks: made at random for the
// run, as a deployment configures its own (`next start` has no built-in one).
import { randomBytes } from 'node:crypto'

export const REVALIDATE_SECRET = randomBytes(32).toString('base64url')
