import { canReadDrafts, canWrite } from '../auth/identity.ts'
import { isAddon } from '../comments/addonDataset.ts'
import { forbidden, unauthorized } from '../errors.ts'
import type { Dataset, Reader } from '../store/dataset.ts'
import type { RequestContext } from './context.ts'

/**
 * The request's dataset: 404 if it was never created, and a private one is closed to anonymous
 * callers. A comments add-on is editors' working space: viewers (the site's read token among
 * them) may not read it either.
 */
export function datasetOf(context: RequestContext): Dataset {
  const name = context.params.dataset ?? ''
  const dataset = context.lake.dataset(name)
  const info = context.lake.registry.get(name)
  if (context.identity.role === 'anonymous' && info?.aclMode === 'private') {
    throw unauthorized(`Dataset "${name}" is private; send a token to read it`)
  }
  if (isAddon(info) && !canWrite(context.identity)) {
    throw forbidden(`Dataset "${name}" holds editors' comments and tasks; a viewer may not read it`)
  }
  return dataset
}

export function readerOf(context: RequestContext): Reader {
  const { identity, req } = context
  // Anonymous callers are told apart by where they call from; everyone else by identity.
  const caller = identity.role === 'anonymous' ? `anonymous@${req.socket?.remoteAddress ?? ''}` : identity.id
  return { id: identity.id, canReadDrafts: canReadDrafts(identity), caller }
}

/** Anonymous writers get 401 (log in), known read-only ones 403 (not allowed), as hosted. */
export function requireWrite(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  if (!canWrite(context.identity)) throw forbidden('Insufficient permissions; permission "update" required')
}

export function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1'
}
