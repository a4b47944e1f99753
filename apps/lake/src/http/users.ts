import { identityOfAccount } from '../accounts/accounts.ts'
import {
  DEV_IDENTITY,
  type Identity,
  IMPORT_IDENTITY,
  SCHEDULER_IDENTITY,
  tokenIdentity,
} from '../auth/identity.ts'
import { unauthorized } from '../errors.ts'
import { type RequestContext, sendJson } from './context.ts'

const ROLE_TITLES: Record<string, string> = {
  administrator: 'Administrator',
  editor: 'Editor',
  viewer: 'Viewer',
}

export function userOf(identity: Identity) {
  return {
    id: identity.id,
    name: identity.name,
    email: identity.email,
    profileImage: null,
    role: identity.role,
    roles: [{ name: identity.role, title: ROLE_TITLES[identity.role] ?? identity.role }],
    provider: 'lake',
  }
}

/** `GET /users/me`: the caller's user; 401 for anonymous callers, which the Studio shows as "log in". */
export function handleCurrentUser(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  sendJson(context.res, 200, userOf(context.identity))
}

/** `GET /auth/id`: the session id the Studio keys its local caches on. */
export function handleAuthId(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  sendJson(context.res, 200, { id: context.identity.id })
}

/**
 * `GET /users/:ids`: profiles, so presence avatars, history and "last published by" show names.
 * The lake knows the dev identity, every configured token's name, every account and robot token,
 * its own importer and scheduler. As on
 * the hosted API, anonymous callers get 401: who works on the project is not public.
 */
export function handleUsers(context: RequestContext): void {
  if (context.identity.role === 'anonymous') throw unauthorized()
  const { identityKey, tokens } = context.lake.authConfig
  const known = [
    DEV_IDENTITY,
    IMPORT_IDENTITY,
    SCHEDULER_IDENTITY,
    ...tokens.map((token) => tokenIdentity(token, identityKey)),
    ...context.lake.accounts.store.list().map(identityOfAccount),
    ...context.lake.accounts.robots.list().map((robot) => ({ id: robot.id, name: robot.name })),
  ]
  const ids = (context.params.ids ?? '').split(',').filter(Boolean)
  const users = ids.map((id) => {
    const identity = id === 'me' ? context.identity : known.find((candidate) => candidate.id === id)
    return { id: identity?.id ?? id, displayName: identity?.name ?? 'Unknown user', imageUrl: null }
  })
  sendJson(context.res, 200, ids.length === 1 ? users[0] : users)
}
