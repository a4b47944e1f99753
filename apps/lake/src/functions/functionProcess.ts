// The child process one invocation runs in (invokeFunction.ts): gets `{entry, context, event,
// kind}` over IPC, calls the module's `handler` (or default export) as hosted does, and reports
// `done(syncTags)` calls and the outcome over IPC. Its output is the function's log.
import { pathToFileURL } from 'node:url'
import type { FromFunction, ToFunction } from './functionProtocol.ts'

function tell(message: FromFunction): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()))
}

async function invoke({ entry, context, event, kind }: ToFunction): Promise<void> {
  const module = (await import(pathToFileURL(entry).href)) as { handler?: unknown; default?: unknown }
  const handler = module.handler ?? module.default
  if (typeof handler !== 'function')
    throw new Error(`${entry} exports no handler (a default export or a named "handler")`)
  // Sync-tag-invalidate functions say when the tags are invalidated; the lake then sends the live event.
  const done = async (syncTags: string[]) => {
    await tell({ type: 'done', syncTags: Array.isArray(syncTags) ? syncTags : [] })
    return new Response(null, { status: 204 })
  }
  await handler({ context, event, ...(kind === 'syncTagInvalidate' ? { done } : {}) })
}

process.once('message', (message: ToFunction) => {
  invoke(message).then(
    async () => {
      await tell({ type: 'result', ok: true })
      process.exit(0)
    },
    async (error: unknown) => {
      const failure = error instanceof Error ? (error.stack ?? error.message) : String(error)
      console.error(failure)
      await tell({ type: 'result', ok: false, error: error instanceof Error ? error.message : String(error) })
      process.exit(1)
    },
  )
})
