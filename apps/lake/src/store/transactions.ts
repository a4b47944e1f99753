import { badRequest, transactionIdTaken } from '../errors.ts'
import { randomId } from './ids.ts'
import { type ParsedMutation, parseMutations } from './mutations.ts'
import type { DocumentSource } from './pendingWrites.ts'
import { refuseBrokenReferences } from './referentialIntegrity.ts'
import type { CommittedTransaction, SanityDocument } from './types.ts'
import { type MutationResult, type SelectIds, WorkingCopy } from './workingCopy.ts'

export type { MutationResult, SelectIds } from './workingCopy.ts'

export interface TransactionOptions {
  /** The caller's id for the transaction, which may repeat one in the log. */
  transactionId?: string | undefined
  /**
   * The id the lake made for a transaction the caller named none for, kept across preparations
   * of one transaction as `generatedIds` is; without it (and `transactionId`), one is made.
   */
  generatedTransactionId?: string | undefined
  identity: string
  autoGenerateArrayKeys?: boolean
  /** Evaluates a GROQ filter against raw documents, for patch and delete by query. */
  selectIds: SelectIds
  /**
   * The lake's own writes (imports of whole datasets): they restore documents as they were, so
   * the release guard, which keeps callers' writes to the release workflow, does not apply.
   */
  systemWrite?: boolean
  /** Ids generated for documents without one, kept across preparations of one transaction (workingCopy.ts). */
  generatedIds?: string[]
}

export interface PreparedTransaction {
  transaction: CommittedTransaction
  results: MutationResult[]
}

export type Lookup = (id: string) => SanityDocument | null

/** What a step may read besides single documents, all as the earlier steps of the request left it. */
export interface StepContext {
  /** Ids of the documents under a path prefix, e.g. every version of a release (`versions.<id>.`). */
  idsUnder(prefix: string): string[]
  /** A document's newest state in the transaction log, even if it has since been deleted. */
  lastRevision(id: string): SanityDocument | null
  /** The transaction's timestamp. */
  timestamp: string
  identity: string
}

/** One step of a plan: the mutations it makes, chosen from the documents as the earlier steps left them. */
export type PlanStep = (current: Lookup, context: StepContext) => ParsedMutation[]

/**
 * What a transaction runs, step by step. `/data/mutate` is a plan of its mutations as sent; the
 * Actions API makes one step per action, because an action's mutations depend on the state the
 * earlier actions produced (a publish after an edit publishes the edited draft).
 */
export class TransactionPlan {
  /** How errors name a step: "Mutation" or "Action". */
  readonly noun: string
  readonly steps: readonly PlanStep[]

  constructor(noun: string, steps: readonly PlanStep[]) {
    this.noun = noun
    this.steps = steps
  }

  /** Parses the mutations up front, so a malformed one is a 400 before anything runs. */
  static ofMutations(input: unknown): TransactionPlan {
    return new TransactionPlan(
      'Mutation',
      parseMutations(input).map((mutation) => () => [mutation]),
    )
  }
}

/**
 * Runs a plan (or mutations as sent) against a working copy of the store and returns the
 * resulting changes without writing them. Any failure throws before anything is committed, which
 * is what makes a transaction all or nothing. It runs synchronously from the first read to the
 * returned changes, so no other write can come between what it read and what it commits.
 */
export function prepareTransaction(
  storage: DocumentSource,
  input: unknown,
  options: TransactionOptions,
): PreparedTransaction {
  const plan = input instanceof TransactionPlan ? input : TransactionPlan.ofMutations(input)
  const id = options.transactionId ?? options.generatedTransactionId ?? randomId()
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) throw badRequest('Invalid transactionId')
  // Only a caller's id is looked up (a read of the log on every write otherwise): one the lake
  // drew has 131 random bits, and if it ever met an old one, the log's unique index would refuse
  // the commit, not record two transactions under one id.
  if (options.transactionId !== undefined && storage.hasTransaction(id)) throw transactionIdTaken(id)
  const timestamp = new Date().toISOString()
  const working = new WorkingCopy(storage, {
    transactionId: id,
    timestamp,
    autoGenerateArrayKeys: options.autoGenerateArrayKeys,
    selectIds: options.selectIds,
    systemWrite: options.systemWrite,
    generatedIds: options.generatedIds,
  })
  const context: StepContext = {
    idsUnder: (prefix) => working.idsUnder(prefix),
    lastRevision: (id) => lastRevision(storage, id),
    timestamp,
    identity: options.identity,
  }
  plan.steps.forEach((step, index) => {
    const at = { index, label: `${plan.noun} at index ${index}` }
    for (const mutation of step(working.get, context)) working.apply(mutation, at)
  })
  const changes = working.changes()
  // Every write path comes through here (mutate, actions, releases, schedules, uploads, imports).
  refuseBrokenReferences(changes, {
    current: working.get,
    referrersOf: (target) => storage.referrersOf(target),
    indexOf: (target) => working.indexOf(target),
  })
  return {
    transaction: {
      id,
      timestamp,
      identity: options.identity,
      mutations: working.applied,
      changes,
    },
    results: working.results,
  }
}

/** The last state a document had in the log: its current one, or the one its deletion removed. */
export function lastRevision(
  storage: Pick<DocumentSource, 'transactionsForDocuments'>,
  id: string,
): SanityDocument | null {
  const entries = storage.transactionsForDocuments([id])
  for (let index = entries.length - 1; index >= 0; index--) {
    const change = entries[index]?.transaction.changes.find((candidate) => candidate.id === id)
    const state = change?.after ?? change?.before
    if (state) return state
  }
  return null
}
