import type { Account } from './accountStore.ts'
import type { Accounts } from './accounts.ts'
import { hashPassword } from './passwordHash.ts'
import { passwordProblem } from './passwordPolicy.ts'

export type InviteOutcome =
  | { outcome: 'passwordSet'; account: Account }
  | { outcome: 'passwordRefused'; problem: string; account: Account }
  | { outcome: 'inviteInvalid' }

/**
 * Sets the password an invited person chose: the invite must still be unused and unexpired, the
 * password long enough and not a common one. The invite is used up in the same transaction that
 * stores the hash, so a link works exactly once.
 */
export async function acceptInvite(
  accounts: Accounts,
  token: string,
  password: string,
): Promise<InviteOutcome> {
  const accountId = accounts.invites.peek(token)
  const invited = accountId === undefined ? undefined : accounts.store.byId(accountId)
  if (!invited) return { outcome: 'inviteInvalid' }
  const problem = await passwordProblem(password, [invited.email, ...invited.email.split('@'), invited.name])
  if (problem) return { outcome: 'passwordRefused', problem, account: invited }
  const hash = await hashPassword(password)
  const accepted = accounts.invites.consume(token, (id) => {
    accounts.store.setPasswordHash(id, hash)
    return accounts.store.byId(id)
  })
  if (!accepted) return { outcome: 'inviteInvalid' }
  accounts.audit.write({ event: 'inviteAccepted', userId: accepted.id, email: accepted.email })
  accounts.changed()
  return { outcome: 'passwordSet', account: accepted }
}
