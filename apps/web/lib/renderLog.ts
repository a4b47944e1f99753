import 'server-only'
import { cache } from 'react'

/**
 * One line on the server's output per page render, `render <path>`: with ISR a page renders only
 * at build, when it expires and on its first request, so these lines are what each publish costs
 * (the e2e tests and the bench count them). Once per request, from the page or its metadata,
 * whichever runs first. Not during `next build`, whose output lists every page already.
 */
export const logRender = cache((path: string): void => {
  if (process.env.NEXT_PHASE === 'phase-production-build') return
  console.log(`render ${path}`)
})
