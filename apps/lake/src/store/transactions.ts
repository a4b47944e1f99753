import { Mutation } from '@sanity/mutator'
import { badRequest, conflict, LakeError } from '../http/errors.ts'
import { addMissingArrayKeys } from './arrayKeys.ts'
import { isValidDocumentId, randomId } from './ids.ts'
import { type OperationName, parseMutations } from './mutations.ts'
import type { CommittedTransaction, DocumentStorage, SanityDocument } from './types.ts'

export type SelectIds = (query: string, params: Record<string, unknown>) => string[]

export interface TransactionOptions {
  transactionId?: string | undefined
  identity: string
  autoGenerateArrayKeys?: boolean
  /** Evaluates a GROQ filter against raw documents, for patch and delete by query. */
  selectIds: SelectIds
}

export interface MutationResult {
  id: string
  operation: 'create' | 'update' | 'delete' | 'none'
}

export interface PreparedTransaction {
  transaction: CommittedTransaction
  results: MutationResult[]
}

const SYSTEM_FIELDS = ['_id', '_type', '_rev', '_createdAt', '_updatedAt'] as const

/**
 * Runs a list of mutations against a copy-on-write view of the store and returns the resulting
 * changes without writing them. Any failure throws before anything is committed, which is what
 * makes a transaction all or nothing.
 */
export function prepareTransaction(
  storage: DocumentStorage,
  input: unknown,
  options: TransactionOptions,
): PreparedTransaction {
  const mutations = parseMutations(input)
  const id = options.transactionId ?? randomId()
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) throw badRequest('Invalid transactionId')
  if (storage.hasTransaction(id)) {
    throw new LakeError(409, 'conflictError', `Transaction ID "${id}" has already been used`)
  }
  const timestamp = new Date().toISOString()
  const working = new Map<string, SanityDocument | null>()
  const current = (docId: string) => (working.has(docId) ? working.get(docId) : storage.get(docId)) ?? null
  const results: MutationResult[] = []
  const fail = (index: number, docId: string, type: string, description: string): never => {
    throw conflict(description, [{ error: { description, id: docId, type }, index }])
  }

  const write = (docId: string, doc: SanityDocument | null, operation: MutationResult['operation']) => {
    working.set(docId, doc)
    results.push({ id: docId, operation })
  }

  const stamp = (doc: Record<string, unknown>, existing: SanityDocument | null): SanityDocument => {
    const body = options.autoGenerateArrayKeys ? addMissingArrayKeys(doc) : doc
    return {
      ...body,
      _id: String(body._id),
      _type: String(body._type),
      _rev: id,
      _createdAt: existing?._createdAt ?? (typeof body._createdAt === 'string' ? body._createdAt : timestamp),
      _updatedAt: timestamp,
    }
  }

  mutations.forEach(({ name, body }, index) => {
    if (name === 'create' || name === 'createIfNotExists' || name === 'createOrReplace') {
      const docId = resolveNewId(body._id, index)
      const existing = current(docId)
      if (existing && name === 'create') {
        fail(index, docId, 'documentAlreadyExistsError', `Document by ID "${docId}" already exists`)
      }
      if (existing && name === 'createIfNotExists') {
        results.push({ id: docId, operation: 'none' })
        return
      }
      write(docId, stamp({ ...body, _id: docId }, existing), existing ? 'update' : 'create')
      return
    }
    for (const docId of targetIds(name, body, index)) {
      const existing = current(docId)
      if (name === 'delete') {
        if (existing) write(docId, null, 'delete')
        continue
      }
      if (!existing) fail(index, docId, 'documentNotFoundError', `Document "${docId}" not found`)
      const revision = body.ifRevisionID
      if (typeof revision === 'string' && existing?._rev !== revision) {
        fail(
          index,
          docId,
          'conflictError',
          `Document "${docId}" has unexpected revision ID ("${existing?._rev}"), expected "${revision}"`,
        )
      }
      write(docId, stamp(applyPatch(existing as SanityDocument, body, index), existing), 'update')
    }
  })

  const changes = [...working.entries()]
    .map(([docId, after]) => ({ id: docId, before: storage.get(docId) ?? null, after }))
    .filter((change) => change.before !== null || change.after !== null)
  return {
    transaction: { id, timestamp, identity: options.identity, mutations: input as unknown[], changes },
    results,
  }

  function targetIds(name: OperationName, body: Record<string, unknown>, index: number): string[] {
    if (typeof body.id === 'string') {
      if (!isValidDocumentId(body.id))
        throw badRequest(`Mutation at index ${index}: invalid document id "${body.id}"`)
      return [body.id]
    }
    const params = (body.params ?? {}) as Record<string, unknown>
    const ids = options.selectIds(String(body.query), params)
    return name === 'delete' ? ids : ids.filter((docId) => current(docId) !== null)
  }
}

function resolveNewId(requested: unknown, index: number): string {
  if (requested === undefined) return randomId()
  if (typeof requested === 'string' && requested.endsWith('.')) {
    // A trailing dot asks for a generated id under that path, e.g. "drafts."
    const generated = `${requested}${randomId()}`
    if (isValidDocumentId(generated)) return generated
  }
  if (!isValidDocumentId(requested)) {
    throw badRequest(`Mutation at index ${index}: invalid document id ${JSON.stringify(requested)}`)
  }
  return requested
}

function applyPatch(
  doc: SanityDocument,
  patch: Record<string, unknown>,
  index: number,
): Record<string, unknown> {
  const { ifRevisionID: _rev, query: _query, params: _params, ...operations } = patch
  let result: Record<string, unknown> | null
  try {
    result = new Mutation({ mutations: [{ patch: { ...operations, id: doc._id } }] }).apply(doc)
  } catch (error) {
    throw badRequest(`Mutation at index ${index}: ${(error as Error).message}`, 'mutationError')
  }
  if (!result) throw badRequest(`Mutation at index ${index}: patch removed the document`, 'mutationError')
  for (const field of SYSTEM_FIELDS) {
    if (field === '_id' || field === '_type') {
      if (result[field] !== doc[field]) {
        throw badRequest(`Mutation at index ${index}: a patch cannot change "${field}"`, 'mutationError')
      }
    }
  }
  return result
}
