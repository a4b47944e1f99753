import { canWrite } from '../auth/identity.ts'
import { isAddon } from '../comments/addonDataset.ts'
import { badRequest, forbidden, projectNotFound, unauthorized } from '../errors.ts'
import { type ProjectMember, projectMembers } from '../members/projectMembers.ts'
import { rolePermissions } from '../members/systemGroups.ts'
import { readBody } from './body.ts'
import type { RequestContext } from './context.ts'
import { projectOf, sendJson } from './context.ts'
import { userOf } from './users.ts'

/** `GET /projects/:projectId/datasets/:dataset/acl`: the grants the Studio uses to allow editing. */
export function handleAcl(context: RequestContext): void {
  const { identity } = context
  if (identity.role === 'anonymous') {
    sendJson(context.res, 200, [{ filter: '!(_id in path("**._**"))', permissions: ['read'] }])
    return
  }
  sendJson(context.res, 200, [{ filter: '_id in path("**")', permissions: rolePermissions(identity.role) }])
}

/**
 * `GET /projects/:projectId`: the project and, for its members, who they are. The Studio offers
 * the people among them (not robots) for mentions in comments and as task assignees.
 */
export function handleProject(context: RequestContext): void {
  requireProject(context)
  const projectId = context.params.projectId ?? projectOf(context)
  const anonymous = context.identity.role === 'anonymous'
  sendJson(context.res, 200, {
    id: projectId,
    displayName: 'Local lake',
    studioHost: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    metadata: { color: null, externalStudioHost: null },
    organizationId: null,
    createdAt: PROJECT_CREATED_AT,
    features: [],
    members: anonymous ? [] : projectMembers(context.lake).map((member) => memberOf(member, context)),
  })
}

const PROJECT_CREATED_AT = '2026-01-01T00:00:00Z'

function memberOf({ identity, isRobot }: ProjectMember, context: RequestContext) {
  return {
    ...userOf(identity),
    isCurrentUser: identity.id === context.identity.id,
    isRobot,
    createdAt: PROJECT_CREATED_AT,
    updatedAt: PROJECT_CREATED_AT,
  }
}

/**
 * `GET /projects/:projectId/datasets`: the datasets that exist, as the hosted Projects API lists
 * them; `datasetProfile` and `addonFor` narrow the list, which is how the Studio finds a
 * dataset's comments add-on. Add-ons are listed to those who may open them (editors).
 */
export function handleDatasets(context: RequestContext): void {
  requireProject(context)
  if (context.identity.role === 'anonymous') throw unauthorized()
  const { searchParams } = context.url
  const profile = searchParams.get('datasetProfile')
  const forDataset = searchParams.get('addonFor')
  const datasets = context.lake.registry
    .list()
    .filter((info) => canWrite(context.identity) || !isAddon(info))
    .map(({ name, aclMode, createdAt, datasetProfile, addonFor }) => ({
      name,
      aclMode,
      createdAt,
      addonFor: addonFor ?? null,
      datasetProfile: datasetProfile ?? 'content',
      tags: [],
    }))
    .filter((info) => profile === null || info.datasetProfile === profile)
    .filter((info) => forDataset === null || info.addonFor === forDataset)
  sendJson(context.res, 200, datasets)
}

/** `PUT /projects/:projectId/datasets/:dataset` `{aclMode?}`: creates a dataset (administrators). */
export async function handleCreateDataset(context: RequestContext): Promise<void> {
  requireAdministrator(context)
  const body = context.req.headers['content-length'] === '0' ? {} : await readOptionalJson(context)
  const aclMode = (body as { aclMode?: unknown }).aclMode ?? 'public'
  if (aclMode !== 'public' && aclMode !== 'private')
    throw badRequest('"aclMode" must be "public" or "private"')
  const info = await context.lake.createDataset(context.params.dataset ?? '', aclMode)
  sendJson(context.res, 200, { datasetName: info.name, aclMode: info.aclMode })
}

/** `DELETE /projects/:projectId/datasets/:dataset` (administrators). */
export function handleDeleteDataset(context: RequestContext): void {
  requireAdministrator(context)
  context.lake.deleteDataset(context.params.dataset ?? '')
  sendJson(context.res, 200, { deleted: true })
}

async function readOptionalJson(context: RequestContext): Promise<object> {
  const raw = await readBody(context.req, context.lake.config.maxBodyBytes)
  if (raw.length === 0) return {}
  try {
    const value = JSON.parse(raw.toString('utf8')) as unknown
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value
  } catch {
    // Falls through to the same error as a non-object body.
  }
  throw badRequest('Request body must be a JSON object', 'invalidJsonError')
}

/**
 * Routes that name a project answer for the project ids the lake accepts (all of them share its
 * datasets); project-scoped routes (`/datasets`, as `client.datasets` calls them) name none.
 */
export function requireProject(context: RequestContext): void {
  const { projectId } = context.params
  if (projectId !== undefined && !context.lake.acceptsProject(projectId)) throw projectNotFound(projectId)
}

export function requireAdministrator(context: RequestContext): void {
  requireProject(context)
  if (context.identity.role === 'anonymous') throw unauthorized()
  if (context.identity.role !== 'administrator') throw forbidden('Only administrators may manage the project')
}
