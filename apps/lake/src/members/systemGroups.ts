import { isDeepStrictEqual } from 'node:util'
import { IMPORT_IDENTITY } from '../auth/identity.ts'
import type { Role } from '../config.ts'
import type { Dataset } from '../store/dataset.ts'
import { SYSTEM_GROUPS_PREFIX } from '../store/ids.ts'
import type { ProjectMember } from './projectMembers.ts'

const ROLES: Role[] = ['administrator', 'editor', 'viewer']
const ALL_DOCUMENTS = '_id in path("**")'
const WRITE = ['history', 'read', 'update', 'create', 'manage']
const READ = ['history', 'read']

/** What a role may do to every document: what the ACL answers and the groups grant. */
export function rolePermissions(role: Role): string[] {
  return role === 'viewer' ? READ : WRITE
}

interface SystemGroup {
  _id: string
  _type: 'system.group'
  grants: Array<{ filter: string; permissions: string[] }>
  members: string[]
}

/**
 * Hosted datasets hold one `_.groups.<role>` document per role, and the Studio reads them
 * (`*[_type == "system.group"]{members, grants}`) to tell which members may see a document: only
 * those are offered for a mention or as a task's assignee. The lake writes its own from its members.
 */
export function systemGroups(members: ProjectMember[]): SystemGroup[] {
  return ROLES.map((role) => ({
    _id: `${SYSTEM_GROUPS_PREFIX}${role}`,
    _type: 'system.group',
    grants: [{ filter: ALL_DOCUMENTS, permissions: rolePermissions(role) }],
    members: members
      .filter(({ identity }) => identity.role === role)
      .map(({ identity }) => identity.id)
      .sort(),
  }))
}

/** Brings `dataset`'s groups up to date with `members`, in one transaction, and only if they differ. */
export function syncSystemGroups(dataset: Dataset, members: ProjectMember[]): void {
  const stale = systemGroups(members).filter((group) => {
    const stored = dataset.storage.get(group._id)
    return !stored || !isDeepStrictEqual(pick(stored, Object.keys(group)), group)
  })
  if (stale.length === 0) return
  dataset.commit(
    stale.map((group) => ({ createOrReplace: group })),
    { identity: IMPORT_IDENTITY.id, systemWrite: true },
  )
}

function pick(document: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, document[key]]))
}
