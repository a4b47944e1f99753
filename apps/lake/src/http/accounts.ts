import type { Account } from '../accounts/accountStore.ts'
import {
  addRobotToken,
  addUser,
  findAccount,
  type Invitation,
  inviteUrl,
  parseRole,
  removeUser,
  resetUser,
  revokeRobotToken,
  setDisabled,
  setRole,
} from '../accounts/administration.ts'
import type { RobotToken } from '../accounts/robotTokens.ts'
import { badRequest } from '../errors.ts'
import { readJson } from './body.ts'
import { type RequestContext, sendJson } from './context.ts'
import { requireAdministrator } from './projects.ts'
import { publicOrigin } from './requestAddress.ts'

/*
 * Administering accounts over HTTP, for administrators, as `npm run lake -- users|tokens` does on
 * the command line. Robot tokens follow the hosted Projects API (`/projects/:id/tokens`); hosted
 * has no password accounts, so people are under the lake's own `/projects/:id/accounts`.
 */

/** An account as the API shows it: never its password hash or lock counters' internals. */
function accountView(context: RequestContext, account: Account) {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    createdAt: account.createdAt,
    lastSignInAt: account.lastSignInAt,
    disabled: account.disabled,
    invitePending: account.passwordHash === null,
    locked: account.lockedUntil !== null && account.lockedUntil > Date.now(),
    activeSessions: context.lake.accounts.sessions.countActive(account.id),
  }
}

function invitationView(context: RequestContext, invitation: Invitation) {
  return {
    ...accountView(context, invitation.account),
    inviteUrl: inviteUrl(publicOrigin(context.req, context.lake.config), invitation.inviteToken),
    inviteExpiresAt: new Date(invitation.expiresAt).toISOString(),
  }
}

async function body(context: RequestContext): Promise<Record<string, unknown>> {
  const value = await readJson(context.req, context.lake.config.maxBodyBytes)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Request body must be a JSON object')
  }
  return value as Record<string, unknown>
}

/** `GET /projects/:projectId/accounts` */
export function handleListAccounts(context: RequestContext): void {
  requireAdministrator(context)
  sendJson(
    context.res,
    200,
    context.lake.accounts.store.list().map((account) => accountView(context, account)),
  )
}

/** `POST /projects/:projectId/accounts` `{email, name, role}`: adds a person; answers with their one-time invite link. */
export async function handleAddAccount(context: RequestContext): Promise<void> {
  requireAdministrator(context)
  const { email, name, role } = await body(context)
  if (typeof email !== 'string' || typeof name !== 'string') {
    throw badRequest('Expected {"email": "…", "name": "…", "role": "editor"}')
  }
  const invitation = addUser(
    context.lake.accounts,
    email,
    name,
    parseRole(role ?? 'editor'),
    context.identity.id,
  )
  sendJson(context.res, 201, invitationView(context, invitation))
}

/** `PATCH /projects/:projectId/accounts/:account` `{role?, disabled?}` (by id or e-mail address). */
export async function handleUpdateAccount(context: RequestContext): Promise<void> {
  requireAdministrator(context)
  const changes = await body(context)
  const { accounts } = context.lake
  const reference = context.params.account ?? ''
  const by = context.identity.id
  if (changes.role !== undefined) setRole(accounts, reference, parseRole(changes.role), by)
  if (typeof changes.disabled === 'boolean') setDisabled(accounts, reference, changes.disabled, by)
  sendJson(context.res, 200, accountView(context, findAccount(accounts, reference)))
}

/** `POST /projects/:projectId/accounts/:account/reset`: a new invite link; the password and sessions end. */
export function handleResetAccount(context: RequestContext): void {
  requireAdministrator(context)
  const invitation = resetUser(context.lake.accounts, context.params.account ?? '', context.identity.id)
  sendJson(context.res, 200, invitationView(context, invitation))
}

/** `DELETE /projects/:projectId/accounts/:account` */
export function handleRemoveAccount(context: RequestContext): void {
  requireAdministrator(context)
  const removed = removeUser(context.lake.accounts, context.params.account ?? '', context.identity.id)
  sendJson(context.res, 200, { id: removed.id, deleted: true })
}

function tokenView(robot: RobotToken) {
  return {
    id: robot.id,
    label: robot.name,
    roles: [{ name: robot.role, title: robot.role }],
    projectUserId: robot.id,
    createdAt: robot.createdAt,
  }
}

/** `GET /projects/:projectId/tokens`, as hosted: robot tokens, without their secrets. */
export function handleListTokens(context: RequestContext): void {
  requireAdministrator(context)
  sendJson(context.res, 200, context.lake.accounts.robots.list().map(tokenView))
}

/** `POST /projects/:projectId/tokens` `{label, roleName}`, as hosted: the `key` is in this answer only. */
export async function handleAddToken(context: RequestContext): Promise<void> {
  requireAdministrator(context)
  const { label, roleName } = await body(context)
  if (typeof label !== 'string') throw badRequest('Expected {"label": "Reader site", "roleName": "viewer"}')
  const made = addRobotToken(
    context.lake.accounts,
    label,
    parseRole(roleName ?? 'viewer'),
    context.identity.id,
  )
  sendJson(context.res, 200, { ...tokenView(made.robot), key: made.token })
}

/** `DELETE /projects/:projectId/tokens/:tokenId`: revokes it; its streams end at once. */
export function handleRevokeToken(context: RequestContext): void {
  requireAdministrator(context)
  revokeRobotToken(context.lake.accounts, context.params.tokenId ?? '', context.identity.id)
  sendJson(context.res, 200, { id: context.params.tokenId, deleted: true })
}
