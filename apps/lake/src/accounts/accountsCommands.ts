import type { LakeConfig } from '../config.ts'
import type { Account } from './accountStore.ts'
import { Accounts } from './accounts.ts'
import {
  addRobotToken,
  addUser,
  type Invitation,
  inviteUrl,
  parseRole,
  removeUser,
  resetUser,
  revokeRobotToken,
  setDisabled,
  setRole,
} from './administration.ts'
import { isLocked } from './lockout.ts'

export const ACCOUNTS_USAGE = `  users add <email> --name "<name>" [--role editor]   add a person; prints their one-time invite link (7 days)
  users list | role <email> <role> | disable <email> | enable <email> | reset <email> | remove <email>
           roles: administrator, editor, viewer; reset makes a new invite link and ends their sessions
  tokens add --name <name> [--role viewer] | list | revoke <id>
           robot tokens for programs (the site): the token is printed once, only its hash is kept`

export interface AccountsCommand {
  command: 'users' | 'tokens'
  action: string | undefined
  target: string | undefined
  extra: string | undefined
  name: string | undefined
  role: string | undefined
}

/** Where invite links point: `LAKE_PUBLIC_URL`, else the lake's HTTPS port on this machine. */
function linkOrigin(config: LakeConfig): string {
  return config.publicUrl ?? `https://localhost:${config.tlsPort}`
}

/**
 * `npm run lake -- users …` and `tokens …`, on the data dir's accounts file directly: they work
 * with the lake stopped, and with it running (it notices within a second, and ends the streams
 * of sessions and tokens that stopped being valid).
 */
export function runAccountsCommand(config: LakeConfig, input: AccountsCommand): void {
  const accounts = new Accounts(config.dataDir, config.accounts)
  try {
    const lines =
      input.command === 'users' ? usersCommand(accounts, config, input) : tokensCommand(accounts, input)
    for (const line of lines) console.log(line)
  } finally {
    accounts.close()
  }
}

function required(value: string | undefined, usage: string): string {
  if (!value) throw new Error(`Usage: lake ${usage}`)
  return value
}

function invitationLines(config: LakeConfig, invitation: Invitation, what: string): string[] {
  const { account } = invitation
  return [
    `lake: ${what} ${account.email} (${account.name}, ${account.role})`,
    `  invite link, once, until ${new Date(invitation.expiresAt).toISOString()}:`,
    `  ${inviteUrl(linkOrigin(config), invitation.inviteToken)}`,
  ]
}

function accountState(account: Account): string {
  if (account.disabled) return 'disabled'
  if (account.passwordHash === null) return 'invited'
  return isLocked(account, Date.now()) ? 'locked' : 'active'
}

function usersCommand(accounts: Accounts, config: LakeConfig, input: AccountsCommand): string[] {
  const by = 'cli'
  switch (input.action) {
    case 'add': {
      const email = required(input.target, 'users add <email> --name "<name>" [--role editor]')
      const name = required(input.name, 'users add <email> --name "<name>" [--role editor]')
      const invitation = addUser(accounts, email, name, parseRole(input.role ?? 'editor'), by)
      return invitationLines(config, invitation, 'added')
    }
    case 'list':
      return accounts.store.list().map((account) => {
        const last = account.lastSignInAt ? `last sign-in ${account.lastSignInAt}` : 'never signed in'
        return `${account.email}\t${account.name}\t${account.role}\t${accountState(account)}\t${last}`
      })
    case 'role': {
      const email = required(input.target, 'users role <email> <role>')
      const account = setRole(
        accounts,
        email,
        parseRole(required(input.extra, 'users role <email> <role>')),
        by,
      )
      return [`lake: ${account.email} is now ${account.role}`]
    }
    case 'disable':
    case 'enable': {
      const disabled = input.action === 'disable'
      const account = setDisabled(
        accounts,
        required(input.target, `users ${input.action} <email>`),
        disabled,
        by,
      )
      return [`lake: ${account.email} ${disabled ? 'disabled; their sessions ended' : 'enabled'}`]
    }
    case 'reset':
      return invitationLines(
        config,
        resetUser(accounts, required(input.target, 'users reset <email>'), by),
        'reset (password cleared, sessions ended)',
      )
    case 'remove': {
      const account = removeUser(accounts, required(input.target, 'users remove <email>'), by)
      return [`lake: removed ${account.email}`]
    }
    default:
      throw new Error(`Usage:\n${ACCOUNTS_USAGE}`)
  }
}

function tokensCommand(accounts: Accounts, input: AccountsCommand): string[] {
  switch (input.action) {
    case 'add': {
      const name = required(input.name, 'tokens add --name <name> [--role viewer]')
      const { token, robot } = addRobotToken(accounts, name, parseRole(input.role ?? 'viewer'), 'cli')
      return [`lake: token ${robot.id} "${robot.name}" (${robot.role}); it is shown this once:`, `  ${token}`]
    }
    case 'list':
      return accounts.robots
        .list()
        .map((robot) => `${robot.id}\t${robot.name}\t${robot.role}\t${robot.createdAt}`)
    case 'revoke': {
      const id = required(input.target, 'tokens revoke <id>')
      revokeRobotToken(accounts, id, 'cli')
      return [`lake: revoked token ${id}`]
    }
    default:
      throw new Error(`Usage:\n${ACCOUNTS_USAGE}`)
  }
}
