import { internalError, LakeError } from '../errors.ts'
import type { SanityDocument } from '../store/types.ts'
import type { Perspective } from './perspective.ts'
import type { SourceMapMode } from './sourceMap/mode.ts'

/**
 * Messages between the main thread and a query worker. Replica messages (`load`, `apply`,
 * `forget`) keep the worker's copy of a dataset in step with the committed state; jobs carry the
 * revision they must see, and each gets exactly one reply.
 */
export type ReplicaMessage =
  | { kind: 'load'; dataset: string; revision: number; documents: SanityDocument[] }
  | { kind: 'apply'; dataset: string; revision: number; changes: ReplicaChange[] }
  | { kind: 'forget'; dataset: string }

/** A committed change as a replica needs it: the document's new state, `null` when deleted. */
export interface ReplicaChange {
  id: string
  after: SanityDocument | null
}

export interface DatasetAt {
  dataset: string
  revision: number
}

export type JobRequest =
  | ({
      kind: 'query'
      query: string
      params: Record<string, unknown>
      perspective: Perspective
      publicOnly: boolean
      identity: string
      sanity: { projectId: string; dataset: string }
      /** Set when the caller asked for `resultSourceMap`. */
      sourceMap?: SourceMapMode
    } & DatasetAt)
  | ({
      kind: 'select'
      query: string
      params: Record<string, unknown>
      /** What the transaction's earlier mutations changed, seen over the replica (patch and delete by query apply in order). */
      pending: ReplicaChange[]
    } & DatasetAt)
  | { kind: 'match'; query: string; params: Record<string, unknown>; documents: SanityDocument[] }
  | { kind: 'parse'; query: string; params: Record<string, unknown> }

/** What each job answers. A query's result comes as JSON text, so the main thread neither clones nor re-serialises it. */
export interface JobAnswers {
  query: { resultJson: string; syncTags: string[]; sourceMapJson?: string }
  select: string[]
  match: boolean[]
  parse: null
}

export type Job = JobRequest & { id: number }

export type WorkerMessage = ReplicaMessage | Job

export type JobReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError }

/** Sent when a `load` is done, so a job's time limit counts its own work, not the replica's loading. */
export interface LoadedReply {
  loaded: string
}

export type WorkerReply = JobReply | LoadedReply

export interface WireError {
  status: number
  type: string
  description: string
  details: Record<string, unknown>
}

export function toWire(error: unknown): WireError {
  const lakeError =
    error instanceof LakeError ? error : internalError((error as Error).message ?? String(error))
  return {
    status: lakeError.status,
    type: lakeError.type,
    description: lakeError.message,
    details: lakeError.details,
  }
}

/** The error a worker made, made again on this side of the thread boundary, as it was. */
export function fromWire(error: WireError): LakeError {
  return new LakeError(error.status, error.type, error.description, error.details)
}
