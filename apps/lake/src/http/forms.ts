import { badRequest } from '../errors.ts'
import { readBody } from './body.ts'
import type { RequestContext } from './context.ts'

/** Sign-in forms are small; anything larger is not one of ours. */
const MAX_FORM_BYTES = 16 * 1024

/** A posted HTML form (`application/x-www-form-urlencoded`), the only body the lake's pages send. */
export async function readForm(context: RequestContext): Promise<URLSearchParams> {
  const type = context.req.headers['content-type'] ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw badRequest('Expected a form post (application/x-www-form-urlencoded)')
  }
  return new URLSearchParams((await readBody(context.req, MAX_FORM_BYTES)).toString('utf8'))
}

/**
 * Whether a form post came from the lake's own page: its Origin is the lake's own (`sameOrigin`)
 * or the client sent no browser provenance at all (`none`: a script, not a browser). A post from
 * another site's page, even an allowed one such as the Studio, is refused: only the lake's page
 * may carry a password to the lake (login CSRF).
 */
export function postedFromOwnPage(context: RequestContext): boolean {
  return context.origin === 'sameOrigin' || context.origin === 'none'
}
