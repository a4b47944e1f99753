import type { Role } from '../config.ts'
import { accountExists, accountNotFound, badRequest, tokenNotFound } from '../errors.ts'
import { type Account, isEmail, normalizeEmail } from './accountStore.ts'
import type { Accounts } from './accounts.ts'
import type { RobotToken } from './robotTokens.ts'

const ROLES: Role[] = ['administrator', 'editor', 'viewer']

/** Who made a change, for the audit log: `cli` for the command line, else an administrator's id. */
export type Actor = string

export function parseRole(value: unknown): Role {
  if (typeof value === 'string' && ROLES.includes(value as Role)) return value as Role
  throw badRequest(`Role must be one of ${ROLES.join(', ')}`)
}

/** An account by id or e-mail address, as the command line and the HTTP API name them. */
export function findAccount(accounts: Accounts, reference: string): Account {
  const account = accounts.store.byId(reference) ?? accounts.store.byEmail(reference)
  if (!account) throw accountNotFound(reference)
  return account
}

/** The link where an invited person sets their password. */
export function inviteUrl(publicOrigin: string, token: string): string {
  return `${publicOrigin.replace(/\/+$/, '')}/auth/invite?token=${encodeURIComponent(token)}`
}

export interface Invitation {
  account: Account
  inviteToken: string
  expiresAt: number
}

/** Adds a person and makes their one-time invite. */
export function addUser(accounts: Accounts, email: string, name: string, role: Role, by: Actor): Invitation {
  const address = normalizeEmail(email)
  if (!isEmail(address)) throw badRequest(`"${email}" is not an e-mail address`)
  if (!name.trim()) throw badRequest('Give the person a name (--name "Their Name")')
  if (accounts.store.byEmail(address)) throw accountExists(address)
  const account = accounts.store.add(address, name, role)
  const invite = accounts.invites.create(account.id)
  accounts.audit.write({ event: 'userAdded', userId: account.id, email: account.email, role, by })
  accounts.audit.write({ event: 'inviteCreated', userId: account.id, email: account.email, by })
  accounts.changed()
  return { account, inviteToken: invite.token, expiresAt: invite.expiresAt }
}

export function setRole(accounts: Accounts, reference: string, role: Role, by: Actor): Account {
  const account = findAccount(accounts, reference)
  accounts.store.setRole(account.id, role)
  accounts.audit.write({ event: 'roleChanged', userId: account.id, email: account.email, role, by })
  accounts.changed()
  return { ...account, role }
}

/** Disables (or enables again) an account; a disabled one's sessions end at once. */
export function setDisabled(accounts: Accounts, reference: string, disabled: boolean, by: Actor): Account {
  const account = findAccount(accounts, reference)
  accounts.store.setDisabled(account.id, disabled)
  if (disabled) accounts.sessions.endAll(account.id)
  const event = disabled ? 'userDisabled' : 'userEnabled'
  accounts.audit.write({ event, userId: account.id, email: account.email, by })
  accounts.changed()
  return { ...account, disabled }
}

/**
 * A new invite for someone who lost their password (or whose password may be known to others):
 * the old password stops working and their sessions end, until they set a new one.
 */
export function resetUser(accounts: Accounts, reference: string, by: Actor): Invitation {
  const account = findAccount(accounts, reference)
  accounts.store.setPasswordHash(account.id, null)
  accounts.sessions.endAll(account.id)
  const invite = accounts.invites.create(account.id)
  accounts.audit.write({ event: 'userReset', userId: account.id, email: account.email, by })
  accounts.audit.write({ event: 'inviteCreated', userId: account.id, email: account.email, by })
  accounts.changed()
  return { account, inviteToken: invite.token, expiresAt: invite.expiresAt }
}

export function removeUser(accounts: Accounts, reference: string, by: Actor): Account {
  const account = findAccount(accounts, reference)
  accounts.store.remove(account.id)
  accounts.audit.write({ event: 'userRemoved', userId: account.id, email: account.email, by })
  accounts.changed()
  return account
}

export function addRobotToken(
  accounts: Accounts,
  name: string,
  role: Role,
  by: Actor,
): { token: string; robot: RobotToken } {
  if (!name.trim()) throw badRequest('Name the token after what uses it (--name "Reader site")')
  const made = accounts.robots.add(name, role)
  accounts.audit.write({ event: 'tokenCreated', tokenId: made.robot.id, name: made.robot.name, role, by })
  accounts.changed()
  return made
}

export function revokeRobotToken(accounts: Accounts, id: string, by: Actor): void {
  const robot = accounts.robots.list().find((candidate) => candidate.id === id)
  if (!robot || !accounts.robots.revoke(id)) throw tokenNotFound(id)
  accounts.audit.write({ event: 'tokenRevoked', tokenId: id, name: robot.name, by })
  accounts.changed()
}

/** Signs a session out; whether it was one of the accounts' sessions. */
export function signOut(accounts: Accounts, token: string, address: string): boolean {
  const session = accounts.sessions.find(token)
  if (!session || !accounts.sessions.end(token)) return false
  const { account } = session
  accounts.audit.write({ event: 'signOut', userId: account.id, email: account.email, address })
  accounts.changed()
  return true
}
