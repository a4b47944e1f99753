/**
 * Errors shaped like the hosted Content Lake's: `{error: {description, type, ...}}` with an HTTP
 * status, so `@sanity/client` surfaces the same `ClientError` messages against the lake.
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

  toBody(): { error: Record<string, unknown> } {
    return { error: { description: this.message, type: this.type, ...this.details } }
  }
}

export const badRequest = (
  description: string,
  type = 'validationError',
  details?: Record<string, unknown>,
) => new LakeError(400, type, description, details)

export const notFound = (description = 'Not found') => new LakeError(404, 'notFoundError', description)

export const unauthorized = (description = 'Unauthorized - Session not found') =>
  new LakeError(401, 'unauthorizedError', description)

export const forbidden = (description = 'Forbidden - the current user does not have permission for this') =>
  new LakeError(403, 'permissionDeniedError', description)

export const conflict = (description: string, items: unknown[]) =>
  new LakeError(409, 'mutationError', `The mutation(s) failed: ${description}`, { items })

/** An action of a `/data/actions` request that cannot apply; the whole request is refused. */
export const actionFailed = (index: number, description: string) =>
  new LakeError(409, 'actionError', description, { items: [{ index, error: { description } }] })

export const transactionIdTaken = (id: string) =>
  new LakeError(409, 'conflictError', `Transaction ID "${id}" has already been used`)

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
