import { featureUnavailable } from '../errors.ts'
import { type RequestContext, sendJson } from './context.ts'

/*
 * Hosted-only services that Studios, their common plugins and the CLI call, answered as hosted
 * answers a project that does not have them, so nothing fails and nothing logs an error:
 * the lake has no schema registry, no AI Assist and no telemetry intake.
 */

const CLAIM_MS = 60 * 60 * 1000

/**
 * `POST /descriptors/claim`: a Studio registering its schema descriptor. The lake keeps no
 * descriptors (nothing on it reads them), so every claim is answered as one already in sync,
 * and the Studio sends nothing more.
 */
export function handleDescriptorClaim(context: RequestContext): void {
  sendJson(context.res, 200, {
    expiresAt: new Date(Date.now() + CLAIM_MS).toISOString(),
    synchronization: { type: 'complete' },
  })
}

/** `POST /descriptors/synchronize`: nothing left to send, as above. */
export function handleDescriptorSynchronize(context: RequestContext): void {
  sendJson(context.res, 200, { type: 'complete' })
}

/**
 * `GET /assist/tasks/instruction/:dataset/status`: @sanity/assist asks it on every document it
 * opens. Hosted answers a project without AI Assist with `enabled: false`, which the plugin shows
 * as "AI Assist is not available" and asks nothing more.
 */
export function handleAssistStatus(context: RequestContext): void {
  sendJson(context.res, 200, { enabled: false, initialized: false, validToken: false })
}

/** Every other `/assist/*` task: only reachable by a user acting in a plugin that said it is unavailable. */
export function handleAssistTask(): never {
  throw featureUnavailable('AI Assist')
}

/** `GET /intake/telemetry-status`: the CLI's telemetry consent; denied, so it sends nothing. */
export function handleTelemetryStatus(context: RequestContext): void {
  sendJson(context.res, 200, { status: 'denied' })
}
