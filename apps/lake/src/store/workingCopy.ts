import { Mutation } from '@sanity/mutator'
import { badRequest, conflict, systemDocumentRefused } from '../errors.ts'
import { addMissingArrayKeys } from './arrayKeys.ts'
import { isSystemGroupId, isValidDocumentId, randomId } from './ids.ts'
import type { ParsedMutation } from './mutations.ts'
import type { DocumentSource } from './pendingWrites.ts'
import { revisionMismatch } from './revisionConditions.ts'
import type { DocumentChange, SanityDocument } from './types.ts'
import { workflowWriteRefusal } from './workflowGuard.ts'

/**
 * Where a patch or delete by query selects: its index in the transaction and what the
 * transaction's earlier mutations changed, since hosted applies a transaction's mutations in
 * order and each query sees the ones before it.
 */
export interface Selection {
  index: number
  pending: Array<Pick<DocumentChange, 'id' | 'after'>>
}

export type SelectIds = (query: string, params: Record<string, unknown>, selection: Selection) => string[]

export interface MutationResult {
  id: string
  operation: 'create' | 'update' | 'delete' | 'none'
}

/** Where a mutation sits in its request, for errors: its index and how to name it. */
export interface Position {
  index: number
  label: string
}

export interface WorkingCopyOptions {
  transactionId: string
  timestamp: string
  autoGenerateArrayKeys?: boolean | undefined
  /** Evaluates a GROQ filter against raw documents, for patch and delete by query. */
  selectIds: SelectIds
  /** The lake's own restoring writes (imports), which the release guard lets through. */
  systemWrite?: boolean | undefined
  /**
   * The ids generated for documents without one, in order, shared by every preparation of one
   * transaction: prepared again (after a selection), it makes the same documents.
   */
  generatedIds?: string[] | undefined
}

const IMMUTABLE_FIELDS = ['_id', '_type'] as const

/**
 * A transaction's copy-on-write view of the store: mutations apply to it one at a time, and each
 * reads what the earlier ones wrote. Nothing reaches storage until the caller commits `changes()`,
 * which is what makes a transaction all or nothing.
 */
export class WorkingCopy {
  readonly #storage: DocumentSource
  readonly #options: WorkingCopyOptions
  readonly #docs = new Map<string, SanityDocument | null>()
  /** The index of the mutation that last wrote each document, for errors about its final state. */
  readonly #writtenAt = new Map<string, number>()
  readonly results: MutationResult[] = []
  /** The mutations as applied, in order: what history and listeners report. */
  readonly applied: unknown[] = []
  #generated = 0

  constructor(storage: DocumentSource, options: WorkingCopyOptions) {
    this.#storage = storage
    this.#options = options
  }

  readonly get = (id: string): SanityDocument | null =>
    (this.#docs.has(id) ? this.#docs.get(id) : this.#storage.get(id)) ?? null

  /** Ids under a path prefix, as this transaction has them so far. */
  idsUnder(prefix: string): string[] {
    const ids = new Set<string>()
    for (const doc of this.#storage.all()) if (doc._id.startsWith(prefix)) ids.add(doc._id)
    for (const [id, doc] of this.#docs) {
      if (!id.startsWith(prefix)) continue
      if (doc) ids.add(id)
      else ids.delete(id)
    }
    return [...ids].sort()
  }

  apply(mutation: ParsedMutation, at: Position): void {
    const { name, body } = mutation
    const write = (id: string, doc: SanityDocument | null, operation: MutationResult['operation']) => {
      this.#guard(id, mutation, at)
      this.#write(id, doc, operation)
      this.#writtenAt.set(id, at.index)
    }
    this.applied.push({ [name]: body })
    if (name === 'create' || name === 'createIfNotExists' || name === 'createOrReplace') {
      const id = resolveNewId(body._id, at, () => this.#newId())
      const existing = this.get(id)
      if (existing && name === 'create') {
        fail(at, id, 'documentAlreadyExistsError', `Document by ID "${id}" already exists`)
      }
      if (existing && name === 'createIfNotExists') {
        this.results.push({ id, operation: 'none' })
        return
      }
      write(id, this.#stamp({ ...body, _id: id }, existing), existing ? 'update' : 'create')
      return
    }
    for (const id of this.#targetIds(name, body, at)) {
      const existing = this.get(id)
      if (name === 'delete') {
        if (existing) write(id, null, 'delete')
        continue
      }
      if (!existing) fail(at, id, 'documentNotFoundError', `Document "${id}" not found`)
      const mismatch = revisionMismatch(id, existing, body.ifRevisionID)
      if (mismatch) fail(at, id, 'conflictError', mismatch)
      write(id, this.#stamp(applyPatch(existing, body, at), existing), 'update')
    }
  }

  /** Every document the transaction changed, with its state before (from storage) and after. */
  changes(): DocumentChange[] {
    return [...this.#docs.entries()]
      .map(([id, after]) => ({ id, before: this.#storage.get(id) ?? null, after }))
      .filter((change) => change.before !== null || change.after !== null)
  }

  indexOf(id: string): number {
    return this.#writtenAt.get(id) ?? 0
  }

  #newId(): string {
    const ids = this.#options.generatedIds ?? []
    if (this.#generated === ids.length) ids.push(randomId())
    return ids[this.#generated++] as string
  }

  /**
   * The fixed groups are the lake's; release and schedule documents, and the versions of
   * releases that are not active, are their workflows'.
   */
  #guard(id: string, mutation: ParsedMutation, at: Position): void {
    if (this.#options.systemWrite) return
    if (isSystemGroupId(id)) throw systemDocumentRefused(at.index, id)
    const refusal = workflowWriteRefusal(id, mutation.workflow, this.get)
    if (refusal) fail(at, id, 'releaseLockedError', refusal)
  }

  #write(id: string, doc: SanityDocument | null, operation: MutationResult['operation']): void {
    this.#docs.set(id, doc)
    this.results.push({ id, operation })
  }

  #stamp(doc: Record<string, unknown>, existing: SanityDocument | null): SanityDocument {
    const { autoGenerateArrayKeys, transactionId, timestamp } = this.#options
    const body = autoGenerateArrayKeys ? addMissingArrayKeys(doc) : doc
    return {
      ...body,
      _id: String(body._id),
      _type: String(body._type),
      _rev: transactionId,
      _createdAt: existing?._createdAt ?? (typeof body._createdAt === 'string' ? body._createdAt : timestamp),
      _updatedAt: timestamp,
    }
  }

  #targetIds(name: ParsedMutation['name'], body: Record<string, unknown>, at: Position): string[] {
    if (typeof body.id === 'string') {
      if (!isValidDocumentId(body.id)) throw badRequest(`${at.label}: invalid document id "${body.id}"`)
      return [body.id]
    }
    const params = (body.params ?? {}) as Record<string, unknown>
    const pending = [...this.#docs].map(([id, after]) => ({ id, after }))
    const ids = this.#options.selectIds(String(body.query), params, { index: at.index, pending })
    return name === 'delete' ? ids : ids.filter((id) => this.get(id) !== null)
  }
}

function fail(at: Position, id: string, type: string, description: string): never {
  throw conflict(description, [{ error: { description, id, type }, index: at.index }])
}

function resolveNewId(requested: unknown, at: Position, newId: () => string): string {
  if (requested === undefined) return newId()
  if (typeof requested === 'string' && requested.endsWith('.')) {
    // A trailing dot asks for a generated id under that path, e.g. "drafts."
    const generated = `${requested}${newId()}`
    if (isValidDocumentId(generated)) return generated
  }
  if (!isValidDocumentId(requested)) {
    throw badRequest(`${at.label}: invalid document id ${JSON.stringify(requested)}`)
  }
  return requested
}

/** A patch applied to one document, with Sanity's semantics; it may not change `_id` or `_type`. */
export function applyPatch(
  doc: SanityDocument,
  patch: Record<string, unknown>,
  at: Position,
): Record<string, unknown> {
  const { ifRevisionID: _rev, query: _query, params: _params, ...operations } = patch
  let result: Record<string, unknown> | null
  try {
    result = new Mutation({ mutations: [{ patch: { ...operations, id: doc._id } }] }).apply(doc)
  } catch (error) {
    throw badRequest(`${at.label}: ${(error as Error).message}`, 'mutationError')
  }
  if (!result) throw badRequest(`${at.label}: patch removed the document`, 'mutationError')
  for (const field of IMMUTABLE_FIELDS) {
    if (result[field] !== doc[field]) {
      throw badRequest(`${at.label}: a patch cannot change "${field}"`, 'mutationError')
    }
  }
  return result
}
