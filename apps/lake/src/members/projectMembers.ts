import { identityOfAccount } from '../accounts/accounts.ts'
import { DEV_IDENTITY, type Identity, tokenIdentity } from '../auth/identity.ts'
import type { Lake } from '../lake.ts'

export interface ProjectMember {
  identity: Identity
  /** A token for a program rather than a person: the Studio offers robots for no mention or task. */
  isRobot: boolean
}

/**
 * Who works on the project, as the Studio lists members for mentions and task assignees: the dev
 * identity (when on), every account that can sign in (enabled, with a password set), and one
 * member per accepted token. A token named in the configuration (`LAKE_TOKENS`' `token:role:name`,
 * `lake.config.json`) is a person; an unnamed one, the data dir's own Sanity CLI token and the
 * robot tokens made with `lake tokens add` are robots.
 */
export function projectMembers(lake: Lake): ProjectMember[] {
  const { tokens, devIdentity, identityKey } = lake.authConfig
  const people = new Set(lake.tokens.current().flatMap((token) => (token.name ? [token.token] : [])))
  const members = new Map<string, ProjectMember>()
  if (devIdentity) members.set(DEV_IDENTITY.id, { identity: DEV_IDENTITY, isRobot: false })
  for (const account of lake.accounts.store.list()) {
    if (account.disabled || account.passwordHash === null) continue
    members.set(account.id, { identity: identityOfAccount(account), isRobot: false })
  }
  for (const token of tokens) {
    const identity = tokenIdentity(token, identityKey)
    if (!members.has(identity.id)) members.set(identity.id, { identity, isRobot: !people.has(token.token) })
  }
  for (const robot of lake.accounts.robots.list()) {
    const identity = { id: robot.id, name: robot.name, email: '', role: robot.role }
    members.set(robot.id, { identity, isRobot: true })
  }
  return [...members.values()]
}
