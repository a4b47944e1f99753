import type { Lake } from '../lake.ts'
import { projectMembers } from '../members/projectMembers.ts'
import type { Dataset } from '../store/dataset.ts'
import type { CommittedTransaction, DocumentChange, SanityDocument } from '../store/types.ts'
import { isAddon } from './addonDataset.ts'

export interface Notification {
  userId: string
  reason: string
}

/**
 * Hosted Sanity e-mails people mentioned in a comment and people a task is assigned to. That is a
 * hosted service with no local counterpart: the lake sends nothing, and says in its log, once per
 * e-mail, what it did not send, so an editor who expected one can see why none came.
 */
export function followNotifications(lake: Lake): () => void {
  const watched = new WeakSet<Dataset>()
  const unsubscribes: Array<() => void> = []
  const watch = (dataset: Dataset) => {
    if (watched.has(dataset) || !isAddon(lake.registry.get(dataset.name))) return
    watched.add(dataset)
    const listener = (transaction: CommittedTransaction) => {
      // Called as the transaction commits: a failure here must not turn a durable write into an error.
      try {
        logUnsent(lake, transaction)
      } catch (error) {
        lake.log(`lake: could not check a transaction for e-mail notifications: ${(error as Error).message}`)
      }
    }
    unsubscribes.push(dataset.transactions.subscribe(listener))
  }
  const stopOpened = lake.onDatasetOpened(watch)
  for (const { name } of lake.registry.list()) if (lake.hasDataset(name)) watch(lake.dataset(name))
  return () => {
    stopOpened()
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
  }
}

function logUnsent(lake: Lake, transaction: CommittedTransaction): void {
  const notifications = transaction.changes.flatMap((change) => notificationsOf(change, transaction.identity))
  if (notifications.length === 0) return
  const names = new Map(projectMembers(lake).map(({ identity }) => [identity.id, identity.name]))
  for (const { userId, reason } of notifications) {
    lake.log(
      `lake: no e-mail to ${names.get(userId) ?? userId} (${reason}): e-mail notifications are hosted-only`,
    )
  }
}

/** The e-mails hosted Sanity would send for one change in a comments add-on, by whoever wrote it. */
export function notificationsOf(change: DocumentChange, writer: string): Notification[] {
  const { before, after } = change
  if (!after) return []
  const target = targetOf(after)
  if (after._type === 'comment' && !before) {
    return mentionedIn(after.message)
      .filter((userId) => userId !== writer)
      .map((userId) => ({ userId, reason: `mentioned in a comment on ${target}` }))
  }
  const assignee = after.assignedTo
  // A task is a draft until its author creates it (`createdByUser`); only then does anyone hear of it.
  const announced = isCreated(after) && (assignee !== before?.assignedTo || !isCreated(before))
  if (after._type === 'tasks.task' && typeof assignee === 'string' && announced && assignee !== writer) {
    return [{ userId: assignee, reason: `assigned the task "${String(after.title ?? '')}"` }]
  }
  return []
}

/** User ids of the mentions in a comment's message (Portable Text spans of `_type: "mention"`). */
function mentionedIn(message: unknown): string[] {
  if (!Array.isArray(message)) return []
  const ids = message.flatMap((block: { children?: unknown }) =>
    Array.isArray(block?.children)
      ? block.children.flatMap((child: { _type?: unknown; userId?: unknown }) =>
          child?._type === 'mention' && typeof child.userId === 'string' ? [child.userId] : [],
        )
      : [],
  )
  return [...new Set(ids)]
}

function isCreated(task: SanityDocument | null): boolean {
  return typeof task?.createdByUser === 'string'
}

function targetOf(document: SanityDocument): string {
  const target = document.target as { document?: { _ref?: unknown } } | undefined
  return typeof target?.document?._ref === 'string' ? `"${target.document._ref}"` : 'a document'
}
