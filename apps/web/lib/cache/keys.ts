/*
 * What the shared cache keeps in Redis, by key. Every instance of the site (of any build) agrees
 * on these names; nothing else in Redis is the site's.
 */

/** Every key of the site starts with this. */
const NAMESPACE = 'site:'

/**
 * Tag → the epoch at which it was last expired (lib/cache/expiries.ts). One hash for every build:
 * a publish made while an older build was serving still expires what a newer build serves.
 */
export const EXPIRIES_KEY = `${NAMESPACE}expired`

/** The counter epochs are drawn from: Redis's own clock, so no instance's clock matters. */
export const EPOCH_KEY = `${NAMESPACE}epoch`

/**
 * Pages and data rendered by one build. Builds never share entries: a page rendered by another
 * build's code points at script chunks this build does not have.
 */
export function entryPrefix(buildId: string): string {
  return `${NAMESPACE}${buildId}:`
}
