import { SCHEDULER_IDENTITY } from '../auth/identity.ts'
import { LakeError } from '../errors.ts'
import type { Dataset } from '../store/dataset.ts'
import { type PlanStep, TransactionPlan } from '../store/transactions.ts'
import type { SanityDocument } from '../store/types.ts'
import { asRelease, patchRelease, publishMutations } from './publishRelease.ts'
import {
  isReleaseDocument,
  RELEASE_PREFIX,
  type ReleaseDocument,
  releaseDocumentId,
  releaseIdOfDocument,
} from './releaseDocument.ts'
import type { ScheduledKind } from './scheduler.ts'

/**
 * Scheduled releases (and scheduled drafts, which are releases of one document): due at
 * `publishAt`, published in two transactions as hosted moves them, `scheduled` → `publishing`,
 * then `publishing` → `published` with every version. A release found `publishing` (the lake
 * stopped between the two) is due at once. One whose publish the lake refuses (its documents
 * break a rule, such as a strong reference to nothing) fails as on hosted: back to `active`, with
 * the reason in `error.message`, which the Studio shows ("Failed to schedule"); it is not retried
 * until an editor schedules it again. Other failures (a full disk) leave it `publishing`, and the
 * scheduler tries again.
 */
export const scheduledReleases: ScheduledKind = {
  prefix: RELEASE_PREFIX,
  dueAt(doc: SanityDocument) {
    if (!isReleaseDocument(doc)) return undefined
    if (doc.state === 'publishing') return 0
    if (doc.state !== 'scheduled' || typeof doc.publishAt !== 'string') return undefined
    const at = Date.parse(doc.publishAt)
    return Number.isNaN(at) ? undefined : at
  },
  run(dataset: Dataset, id: string) {
    const releaseId = releaseIdOfDocument(id)
    if (releaseId === undefined) return
    const options = { identity: SCHEDULER_IDENTITY.id }
    dataset.commit(new TransactionPlan('Action', [startPublishing(releaseId)]), options)
    try {
      dataset.commit(new TransactionPlan('Action', [finishPublishing(releaseId)]), options)
    } catch (error) {
      if (!isRefusal(error)) throw error
      dataset.commit(new TransactionPlan('Action', [failPublishing(releaseId, error.message)]), options)
    }
  },
}

/** A publish refused for what the release holds: trying again changes nothing until an editor does. */
const isRefusal = (error: unknown): error is LakeError =>
  error instanceof LakeError && error.status >= 400 && error.status < 500

function releaseIn(
  current: (id: string) => SanityDocument | null,
  releaseId: string,
): ReleaseDocument | undefined {
  const release = current(releaseDocumentId(releaseId))
  return isReleaseDocument(release) ? release : undefined
}

/** `scheduled` → `publishing`, only if it is still scheduled and due (it may have been unscheduled). */
function startPublishing(releaseId: string): PlanStep {
  return (current, context) => {
    const release = releaseIn(current, releaseId)
    if (release?.state !== 'scheduled' || typeof release.publishAt !== 'string') return []
    if (Date.parse(release.publishAt) > Date.parse(context.timestamp)) return []
    return asRelease(releaseId, [patchRelease(release, { set: { state: 'publishing' } })])
  }
}

/** `publishing` → `active`, with why, as hosted leaves a scheduled release it could not publish. */
function failPublishing(releaseId: string, message: string): PlanStep {
  return (current) => {
    const release = releaseIn(current, releaseId)
    if (release?.state !== 'publishing') return []
    const failed = patchRelease(release, {
      set: { state: 'active', error: { message } },
      unset: ['publishAt'],
    })
    return asRelease(releaseId, [failed])
  }
}

/** `publishing` → `published`, with the versions: the one transaction readers see change. */
function finishPublishing(releaseId: string): PlanStep {
  return (current, context) => {
    const release = releaseIn(current, releaseId)
    return release?.state === 'publishing' ? publishMutations(release, current, context) : []
  }
}
