import { canReadDrafts, canWrite } from '../auth/identity.ts'
import type { Dataset, Reader } from '../store/dataset.ts'
import type { RequestContext } from './context.ts'
import { forbidden, unauthorized } from './errors.ts'

/** The request's dataset: 404 if it was never created, and a private one is closed to anonymous callers. */
export function datasetOf(context: RequestContext): Dataset {
  const name = context.params.dataset ?? ''
  const dataset = context.lake.dataset(name)
  if (context.identity.role === 'anonymous' && context.lake.registry.get(name)?.aclMode === 'private') {
    throw unauthorized(`Dataset "${name}" is private; send a token to read it`)
  }
  return dataset
}

export function readerOf(context: RequestContext): Reader {
  return { id: context.identity.id, canReadDrafts: canReadDrafts(context.identity) }
}

/** Anonymous writers get 401 (log in), known read-only ones 403 (not allowed), as hosted. */
export function requireWrite(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  if (!canWrite(context.identity)) throw forbidden('Insufficient permissions; permission "update" required')
}

export function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1'
}
