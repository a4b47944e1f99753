import { canWrite } from '../auth/identity.ts'
import type { RequestContext } from './context.ts'
import { sendJson } from './context.ts'
import { userOf } from './users.ts'

/** `GET /projects/:projectId/datasets/:dataset/acl`: the grants the Studio uses to allow editing. */
export function handleAcl(context: RequestContext): void {
  const { identity } = context
  if (identity.role === 'anonymous') {
    sendJson(context.res, 200, [{ filter: '!(_id in path("**._**"))', permissions: ['read'] }])
    return
  }
  const permissions = canWrite(identity)
    ? ['history', 'read', 'update', 'create', 'manage']
    : ['history', 'read']
  sendJson(context.res, 200, [{ filter: '_id in path("**")', permissions }])
}

export function handleProject(context: RequestContext): void {
  const { projectId } = context.lake.config
  sendJson(context.res, 200, {
    id: projectId,
    displayName: 'Local lake',
    studioHost: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    metadata: { color: null, externalStudioHost: null },
    organizationId: null,
    createdAt: '2026-01-01T00:00:00Z',
    features: [],
    members:
      context.identity.role === 'anonymous'
        ? []
        : [
            {
              ...userOf(context.identity),
              isCurrentUser: true,
              isRobot: false,
              createdAt: '2026-01-01T00:00:00Z',
            },
          ],
  })
}

export function handleDatasets(context: RequestContext): void {
  sendJson(context.res, 200, [{ name: 'production', aclMode: 'public', createdAt: '2026-01-01T00:00:00Z' }])
}
