import type { SanityClient } from '@sanity/client'

/**
 * Writers for the crash suite. Each runs flat out until the lake is killed under it, keeps a
 * ledger of what the lake acknowledged, and can check what a restarted lake holds against that
 * ledger: acknowledged writes present, none half-applied. A request in flight at the kill has an
 * unknown outcome, so checks accept either its whole effect or none of it.
 */
export interface Workload {
  name: string
  /** Makes the documents the writers share; runs once, before the first burst. */
  setup(client: SanityClient): Promise<void>
  /** One writer: writes until `running()` is false or a request fails for want of a lake. */
  write(client: SanityClient, running: () => boolean): Promise<void>
  /** Violations of the ledger in what the lake holds now; empty when all is well. */
  check(client: SanityClient): Promise<string[]>
  readonly attempted: number
  readonly acknowledged: number
  /** Writes the lake refused on purpose (a stale `ifRevisionID`), when the workload has them. */
  readonly refused?: number
}

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode

/** Runs `attempt` in a loop; a 409 is a refused write (counted, not acknowledged), anything else ends the writer. */
async function loop(
  running: () => boolean,
  attempt: () => Promise<void>,
  onConflict = () => {},
): Promise<void> {
  while (running()) {
    try {
      await attempt()
    } catch (error) {
      if (statusOf(error) !== 409) return
      onConflict()
    }
  }
}

/** Multi-document transactions: three documents created together, present all three or none. */
export function trioTransactions(): Workload {
  const acked = new Map<number, string>()
  let next = 0
  const PARTS = ['a', 'b', 'c']
  return {
    name: 'multi-document transactions',
    get attempted() {
      return next
    },
    get acknowledged() {
      return acked.size
    },
    setup: async () => {},
    write: (client, running) =>
      loop(running, async () => {
        const n = next++
        const transaction = client.transaction()
        for (const part of PARTS)
          transaction.create({ _id: `crash-trio-${n}-${part}`, _type: 'crashTrio', n })
        const { transactionId } = await transaction.commit({ visibility: 'sync' })
        acked.set(n, transactionId)
      }),
    async check(client) {
      const docs = await client.fetch<Array<{ n: number; _rev: string }>>('*[_type == "crashTrio"]{n, _rev}')
      const byN = new Map<number, string[]>()
      for (const doc of docs) byN.set(doc.n, [...(byN.get(doc.n) ?? []), doc._rev])
      const problems: string[] = []
      for (const [n, revs] of byN)
        if (revs.length !== PARTS.length) problems.push(`trio ${n} has ${revs.length} of 3`)
      for (const [n, transactionId] of acked) {
        const revs = byN.get(n) ?? []
        if (revs.length !== PARTS.length || revs.some((rev) => rev !== transactionId))
          problems.push(`acknowledged trio ${n} (${transactionId}) is missing or not its own revision`)
      }
      return problems
    },
  }
}

/**
 * A contended counter: every writer increments the same document, and the same transaction
 * creates a marker. The counter must equal the markers present (no half-applied transaction,
 * no lost increment) and every acknowledged marker must be there.
 */
export function contendedCounter(): Workload {
  const COUNTER = 'crash-counter'
  const acked = new Set<number>()
  let next = 0
  return {
    name: 'contended counter (inc)',
    get attempted() {
      return next
    },
    get acknowledged() {
      return acked.size
    },
    setup: async (client) => {
      await client.createIfNotExists({ _id: COUNTER, _type: 'crashCounter', value: 0 })
    },
    write: (client, running) =>
      loop(running, async () => {
        const n = next++
        await client
          .transaction()
          .patch(COUNTER, (patch) => patch.inc({ value: 1 }))
          .create({ _id: `crash-inc-${n}`, _type: 'crashIncrement', n })
          .commit({ visibility: 'sync' })
        acked.add(n)
      }),
    async check(client) {
      const { value, markers } = await client.fetch<{ value: number; markers: number[] }>(
        '{"value": *[_id == $id][0].value, "markers": *[_type == "crashIncrement"].n}',
        { id: COUNTER },
      )
      const present = new Set(markers)
      const problems = [...acked]
        .filter((n) => !present.has(n))
        .map((n) => `acknowledged increment ${n} is missing`)
      if (value !== markers.length)
        problems.push(`counter is ${value} but ${markers.length} increments are present`)
      return problems
    },
  }
}

/**
 * Optimistic locking: writers read the shared document and patch it with `ifRevisionID`,
 * incrementing `v` and appending to `log`. Stale revisions are refused (409). With no lost or
 * torn update, `v` equals the log's length and the log holds every acknowledged patch once.
 */
export function revisionPatches(): Workload {
  const DOC = 'crash-revision'
  const acked = new Set<number>()
  let next = 0
  let conflicts = 0
  return {
    name: 'ifRevisionID patches',
    get attempted() {
      return next
    },
    get acknowledged() {
      return acked.size
    },
    get refused() {
      return conflicts
    },
    setup: async (client) => {
      await client.createIfNotExists({ _id: DOC, _type: 'crashRevision', v: 0, log: [] })
    },
    write: (client, running) =>
      loop(
        running,
        async () => {
          const doc = await client.getDocument<{ v: number }>(DOC)
          if (!doc) throw new Error(`${DOC} is gone`)
          const n = next++
          await client
            .patch(DOC)
            .ifRevisionId(doc._rev)
            .set({ v: doc.v + 1 })
            .append('log', [n])
            .commit({ visibility: 'sync' })
          acked.add(n)
        },
        () => conflicts++,
      ),
    async check(client) {
      const doc = await client.getDocument<{ v: number; log: number[] }>(DOC)
      if (!doc) return [`${DOC} is missing`]
      const log = new Set(doc.log)
      const problems = [...acked].filter((n) => !log.has(n)).map((n) => `acknowledged patch ${n} is missing`)
      if (doc.v !== doc.log.length) problems.push(`v is ${doc.v} but the log has ${doc.log.length} entries`)
      if (log.size !== doc.log.length) problems.push('the log repeats an entry')
      return problems
    },
  }
}

/**
 * The Actions API: one request creates a draft, edits it and publishes it; later requests delete
 * some published documents. A draft left over, or a published document without the edit, is a
 * request half-applied.
 */
export function documentActions(): Workload {
  const published = new Set<number>()
  const deleted = new Set<number>()
  const deleting = new Set<number>()
  let next = 0
  let requests = 0
  let acknowledged = 0
  const idOf = (n: number) => `crash-action-${n}`
  return {
    name: 'Actions API create/edit/publish/delete',
    get attempted() {
      return requests
    },
    get acknowledged() {
      return acknowledged
    },
    setup: async () => {},
    write: (client, running) =>
      loop(running, async () => {
        const n = next++
        const publishedId = idOf(n)
        const draftId = `drafts.${publishedId}`
        requests++
        await client.action([
          {
            actionType: 'sanity.action.document.create',
            publishedId,
            attributes: { _id: draftId, _type: 'crashAction', n, title: 'draft' },
            ifExists: 'fail',
          },
          {
            actionType: 'sanity.action.document.edit',
            draftId,
            publishedId,
            patch: { set: { title: `edited ${n}` } },
          },
          { actionType: 'sanity.action.document.publish', draftId, publishedId },
        ])
        published.add(n)
        acknowledged++
        const victim = [...published].find((m) => !deleting.has(m))
        if (n % 3 !== 0 || victim === undefined) return
        deleting.add(victim)
        requests++
        await client.action({
          actionType: 'sanity.action.document.delete',
          publishedId: idOf(victim),
          includeDrafts: [],
        })
        deleted.add(victim)
        acknowledged++
      }),
    async check(client) {
      const docs = await client.fetch<Array<{ _id: string; n: number; title: string }>>(
        '*[_type == "crashAction"]{_id, n, title}',
        {},
        { perspective: 'raw' },
      )
      const present = new Map(docs.map((doc) => [doc._id, doc]))
      const problems: string[] = []
      for (const doc of docs) {
        if (doc._id.startsWith('drafts.')) problems.push(`${doc._id}: a draft left by a half-applied publish`)
        else if (doc.title !== `edited ${doc.n}`) problems.push(`${doc._id} was published without its edit`)
      }
      for (const n of published) {
        if (!deleting.has(n) && !present.has(idOf(n)))
          problems.push(`acknowledged publish of ${idOf(n)} is missing`)
      }
      for (const n of deleted)
        if (present.has(idOf(n))) problems.push(`acknowledged delete of ${idOf(n)} is undone`)
      return problems
    },
  }
}
