import { canReadDrafts, canWrite } from '../auth/identity.ts'
import type { Dataset, Reader } from '../store/dataset.ts'
import type { RequestContext } from './context.ts'
import { forbidden, unauthorized } from './errors.ts'

export function datasetOf(context: RequestContext): Dataset {
  return context.lake.dataset(context.params.dataset ?? '')
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
