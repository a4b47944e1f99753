import { unauthorized } from '../errors.ts'
import { projectOf, type RequestContext, sendJson } from './context.ts'

/**
 * The hosted features the lake implements, by the keys the Studio gates them on: Content
 * Releases, scheduled publishing (the legacy `/schedules` API), scheduled drafts
 * (`singleDocRelease`), comments (`studioComments`) and tasks (`sanityTasks`), both kept in a
 * dataset's comments add-on. Only what works is listed: a listed feature the lake lacked would
 * show editors controls that fail.
 */
export const LAKE_FEATURES = [
  'contentReleases',
  'scheduledPublishing',
  'singleDocRelease',
  'studioComments',
  'sanityTasks',
] as const

/** `GET /features`, `GET /projects/:projectId/features`. */
export function handleFeatures(context: RequestContext): void {
  sendJson(context.res, 200, LAKE_FEATURES)
}

// Hosted plans cap releases per dataset; the lake has no plan, so this is only a generous bound.
const DATASET_RELEASE_LIMIT = 10_000

/**
 * `GET /projects/:projectId/new-content-release-allowed` (vX): the limits the Studio weighs before
 * it lets an editor create, unarchive or duplicate a release. The lake meters nothing and has no
 * organisation, so its count is 0 and `orgActiveReleaseLimit: null` means "no limit".
 */
export function handleNewReleaseAllowed(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  sendJson(context.res, 200, {
    data: {
      orgMeteredActiveReleaseCount: 0,
      datasetReleaseLimit: DATASET_RELEASE_LIMIT,
      orgActiveReleaseLimit: null,
    },
  })
}

/**
 * `GET /subscriptions/project/:projectId`: the project's plan, which the Studio reads for how long
 * history is kept (it shows when an archived release's documents expire). The lake keeps its
 * transaction log for good, so there is no `maxRetentionDays` and the Studio names no date.
 */
export function handleProjectSubscriptions(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  const projectId = context.params.projectId ?? projectOf(context)
  sendJson(context.res, 200, {
    id: projectId,
    projectId,
    status: 'active',
    plan: { name: 'Local lake' },
    featureTypes: { retention: { features: [{ attributes: {} }] } },
  })
}
