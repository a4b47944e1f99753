/** What the lake sends an invocation's process. */
export interface ToFunction {
  entry: string
  kind: 'document' | 'syncTagInvalidate'
  context: Record<string, unknown>
  event: { data: unknown }
}

/** What it answers: `done(syncTags)` calls, then the outcome. */
export type FromFunction =
  | { type: 'done'; syncTags: string[] }
  | { type: 'result'; ok: true }
  | { type: 'result'; ok: false; error: string }
