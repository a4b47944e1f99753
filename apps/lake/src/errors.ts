/**
 * Every error the lake answers, one named factory each, shaped like the hosted Content Lake's:
 * a status, a `type` and a `description` (plus details such as a mutation's `items`), so
 * `@sanity/client` surfaces the same `ClientError` messages against the lake. This module is the
 * bottom floor: the store, GROQ, assets and the HTTP layer all import it, and it imports nothing
 * of the lake. Turning an error into a response body is the HTTP layer's (`http/errors.ts`).
 */
export class LakeError extends Error {
  readonly status: number
  readonly type: string
  readonly details: Record<string, unknown>

  constructor(status: number, type: string, description: string, details: Record<string, unknown> = {}) {
    super(description)
    this.status = status
    this.type = type
    this.details = details
  }
}

// Requests

export const badRequest = (
  description: string,
  type = 'validationError',
  details?: Record<string, unknown>,
) => new LakeError(400, type, description, details)

export const notFound = (description = 'Not found') => new LakeError(404, 'notFoundError', description)

export const methodNotAllowed = (method: string | undefined) =>
  new LakeError(405, 'methodNotAllowedError', `Method ${method} not allowed`)

export const malformedUrl = () => new LakeError(400, 'validationError', 'Malformed URL encoding')

export const bodyTooLarge = (limit: number) =>
  new LakeError(413, 'requestEntityTooLargeError', `Request body is larger than ${limit} bytes`)

// Who may call

export const unauthorized = (description = 'Unauthorized - Session not found') =>
  new LakeError(401, 'unauthorizedError', description)

export const forbidden = (description = 'Forbidden - the current user does not have permission for this') =>
  new LakeError(403, 'permissionDeniedError', description)

/**
 * A caller who may read but not act. The Studio tells "not allowed" from other failures of its
 * dry-run permission checks by this type (`insufficientPermissionsError`), as hosted sends it.
 */
export const insufficientPermissions = (permission: string) =>
  new LakeError(
    403,
    'insufficientPermissionsError',
    `Insufficient permissions; permission "${permission}" required`,
  )

export const hostRefused = (host: string | undefined) =>
  new LakeError(
    403,
    'hostNotAllowedError',
    `Host "${host ?? ''}" is not allowed: the lake answers loopback names only. Add the name to LAKE_ALLOWED_HOSTS to serve it.`,
  )

export const originRefused = (origin: string) =>
  new LakeError(
    403,
    'corsOriginNotAllowedError',
    `Origin "${origin}" is not allowed to call the lake. Add it to LAKE_CORS_ORIGINS (or with the Projects API's /cors) to allow it.`,
  )

// Datasets

export const datasetNotFound = (name: string, projectId: string) =>
  notFound(`Dataset "${name}" not found for project ID "${projectId}"`)

export const datasetNotReady = (name: string) =>
  new LakeError(503, 'datasetNotReadyError', `Dataset "${name}" is being created; try again in a moment`)

export const datasetExists = (name: string) =>
  new LakeError(409, 'conflictError', `Dataset "${name}" already exists`)

export const addonNameTaken = (name: string, dataset: string) =>
  new LakeError(
    409,
    'conflictError',
    `Dataset "${name}" already exists and holds content; comments for "${dataset}" need that name`,
  )

// Mutations and actions

export const conflict = (description: string, items: unknown[]) =>
  new LakeError(409, 'mutationError', `The mutation(s) failed: ${description}`, { items })

/*
 * Strong-reference integrity, refused as hosted words it (a 409 `mutationError`, from
 * `/data/actions` too, whose failures the Studio reads from `items[].error`):
 * - 'Document "a" references non-existent document "b"' (hosted's text, sanity-io/sanity#3202);
 *   hosted's item `type` for it is not documented: `documentReferenceNotFoundError`, with the
 *   missing id as `referenceID`, is ours.
 * - 'Document "b" cannot be deleted as there are references to it from "a"' (hosted's text,
 *   sanity-io/gradient#284) with `type: "documentHasExistingReferencesError"` and the referrers
 *   in `referencingIDs`, as the Studio reads them. Several referrers are listed comma-separated
 *   (hosted's form for more than one is not documented).
 * `index` is the mutation or action that last wrote (or deleted) the refused document.
 */

export const referenceToMissingDocument = (index: number, id: string, target: string) => {
  const description = `Document "${id}" references non-existent document "${target}"`
  return conflict(description, [
    { error: { description, id, referenceID: target, type: 'documentReferenceNotFoundError' }, index },
  ])
}

export const documentHasExistingReferences = (index: number, id: string, referencingIDs: string[]) => {
  const from = referencingIDs.map((referrer) => `"${referrer}"`).join(', ')
  const description = `Document "${id}" cannot be deleted as there are references to it from ${from}`
  return conflict(description, [
    { error: { description, id, referencingIDs, type: 'documentHasExistingReferencesError' }, index },
  ])
}

/**
 * A caller's write to a document only the lake writes: the fixed groups every dataset holds
 * (`_.groups.*`), which follow the lake's members. Hosted keeps its system documents (`_.` ids)
 * from callers without the project's `manage` permission with a 403 and 'Insufficient
 * permissions; permission "manage" required', and its fixed groups from every caller; the lake
 * refuses everyone alike, as one failing mutation of the transaction.
 */
export const systemDocumentRefused = (index: number, id: string) => {
  const description = 'Insufficient permissions; permission "manage" required'
  return new LakeError(
    403,
    'mutationError',
    `The mutation(s) failed: "${id}" is a system document: only the lake writes it (${description})`,
    {
      items: [
        { error: { description, id, permission: 'manage', type: 'insufficientPermissionsError' }, index },
      ],
    },
  )
}

/** An action of a `/data/actions` request that cannot apply; the whole request is refused. */
export const actionFailed = (index: number, description: string) =>
  new LakeError(409, 'actionError', description, { items: [{ index, error: { description } }] })

export const transactionIdTaken = (id: string) =>
  new LakeError(409, 'conflictError', `Transaction ID "${id}" has already been used`)

export const queryMutationNotAccepted = () =>
  new LakeError(400, 'mutationError', 'Patch and delete by query are only accepted by /data/mutate')

/** Patch or delete by query gave up: the dataset kept changing while its query selected documents. */
export const selectionRaced = () =>
  new LakeError(
    409,
    'conflictError',
    'The dataset changed while the mutation query selected documents, several times; try again',
  )

// Releases and schedules

/** A release action naming a release that does not exist. */
export const releaseNotFound = (index: number, releaseId: string) =>
  actionFailed(index, `Release "${releaseId}" does not exist`)

/** A release action its release's state does not allow (publishing an archived release, ...). */
export const releaseStateConflict = (index: number, releaseId: string, state: string, requirement: string) =>
  actionFailed(index, `Release "${releaseId}" is ${state}; ${requirement}`)

export const releaseExists = (index: number, releaseId: string, hint = 'pick another release id') =>
  actionFailed(index, `Release "${releaseId}" already exists; ${hint}`)

export const scheduleNotFound = (scheduleId: string) => notFound(`Schedule "${scheduleId}" not found`)

/** A schedule that has run (or failed) cannot be changed or run again. */
export const scheduleAlreadyRan = (scheduleId: string, state: string) =>
  new LakeError(
    409,
    'conflictError',
    `Schedule "${scheduleId}" is ${state}; only an upcoming schedule can change`,
  )

/*
 * Queries: how the lake refuses GROQ that costs too much. The hosted API documents an 11 kB cap
 * on GET queries but neither the status nor the error type of a timeout, so these are our choices:
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

// Images

export const invalidImage = (reason: string) => badRequest(`Invalid image: ${reason}`, 'invalidImageError')

export const tooManyPixels = (width: number, height: number, maxPixels: number) =>
  new LakeError(
    413,
    'requestEntityTooLargeError',
    `Image is ${width}x${height} (${(width * height).toLocaleString('en')} pixels); ` +
      `this lake accepts images of at most ${maxPixels.toLocaleString('en')} pixels`,
  )

/**
 * Every render slot and every waiting place is taken: come back later. A class of its own because
 * the answer also carries a `retry-after`.
 */
export class RenderQueueFull extends LakeError {
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number) {
    super(
      503,
      'serviceUnavailableError',
      `The lake is rendering as many images as it can; retry in ${retryAfterSeconds} s`,
    )
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export const renderQueueFull = (retryAfterSeconds: number) => new RenderQueueFull(retryAfterSeconds)

// The lake itself

/** Until the first-start seed is complete, a request could see (or write into) half a dataset. */
export const lakeStarting = () =>
  new LakeError(
    503,
    'lakeStartingError',
    'The lake is starting (creating its first dataset); try again in a moment',
  )

export const shuttingDown = () => new LakeError(503, 'serviceUnavailableError', 'The lake is shutting down')

/** A fault of the lake's own, not of the request; its cause is logged, not sent. */
export const internalError = (description = 'Internal error in the lake') =>
  new LakeError(500, 'internalError', description)

export const queryWorkerFailed = (message: string) => internalError(`Query worker failed: ${message}`)

/**
 * A failed write as an API error: a full disk or a read-only/unwritable data dir is the
 * operator's to fix, so it is a clear 5xx (reads keep working from memory), not a generic 500.
 */
export const storageFull = () =>
  new LakeError(
    507,
    'storageFullError',
    'The lake cannot write: its disk is full. Reads still work; free space and retry.',
  )

export const storageUnavailable = (reason: string) =>
  new LakeError(
    503,
    'storageUnavailableError',
    `The lake cannot write to its data dir (${reason}). Reads still work.`,
  )

// Accounts

export const accountNotFound = (reference: string) =>
  notFound(`No account "${reference}": list them with \`npm run lake -- users list\``)

export const accountExists = (email: string) =>
  new LakeError(409, 'conflictError', `An account for "${email}" already exists`)

export const tokenNotFound = (id: string) => notFound(`No robot token "${id}"`)

export const signInCodeRefused = () =>
  unauthorized('Unauthorized - Sign-in code not found, already used or expired; sign in again')
