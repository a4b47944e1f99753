import { LakeError } from '../http/errors.ts'

/*
 * How the lake refuses GROQ that costs too much. The hosted API documents an 11 kB cap on GET
 * queries but neither the status nor the error type of a timeout, so these are our choices:
 * - a timeout is a 400 `queryTimeoutError`: a 4xx, because the query itself is at fault and
 *   `@sanity/client` retries 429/502/503 (and its listener also 408 and every 5xx), which would
 *   run the same runaway query again; not 408, because browsers replay requests that get one.
 * - query text over the cap is 414 for GET (the URL is too long; POST it instead) and 413 for POST.
 */

export const queryTimedOut = (timeoutMs: number) =>
  new LakeError(
    400,
    'queryTimeoutError',
    `Query timed out: it ran longer than the lake's limit of ${timeoutMs} ms (LAKE_QUERY_TIMEOUT_MS) and was stopped`,
  )

/**
 * A query that never got a worker within the timeout, because runaway queries hold them all: a
 * 503, which `@sanity/client` retries after a pause, since the query itself may be fine.
 */
export const queryWorkersBusy = () =>
  new LakeError(
    503,
    'serviceUnavailableError',
    'Every query worker is busy with other queries; try again shortly',
  )

export const queryOutOfMemory = () =>
  new LakeError(400, 'queryExecutionError', 'Query stopped: it needed more memory than a query may use')

export const queryTooLong = (method: 'GET' | 'POST', bytes: number, maxBytes: number) =>
  new LakeError(
    method === 'GET' ? 414 : 413,
    'queryTooLargeError',
    `The query is ${bytes} bytes; ${method} queries may be at most ${maxBytes} bytes${method === 'GET' ? ' (/data/query takes longer ones as POST)' : ''}`,
  )

/** Refuses query text over the cap before anything parses it. */
export function assertQuerySize(query: string, method: 'GET' | 'POST', maxBytes: number): void {
  // Cheap bound first: UTF-8 needs at most 3 bytes per UTF-16 code unit.
  if (query.length * 3 <= maxBytes) return
  const bytes = Buffer.byteLength(query)
  if (bytes > maxBytes) throw queryTooLong(method, bytes, maxBytes)
}

/** Patch or delete by query gave up: the dataset kept changing while its query selected documents. */
export const selectionRaced = () =>
  new LakeError(
    409,
    'conflictError',
    'The dataset changed while the mutation query selected documents, several times; try again',
  )
