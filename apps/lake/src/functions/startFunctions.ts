import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { isAddon } from '../comments/addonDataset.ts'
import { TransactionFollower } from '../events/transactionFollower.ts'
import { tagsOfTransaction } from '../groq/syncTags.ts'
import type { Lake } from '../lake.ts'
import type { Dataset } from '../store/dataset.ts'
import type { CommittedTransaction } from '../store/types.ts'
import { findBlueprint, loadBlueprint } from './blueprint.ts'
import { functionsOf, type LakeFunction } from './declarations.ts'
import { documentEventsFor } from './documentEvents.ts'
import { FunctionLog, functionLogFile } from './functionLog.ts'
import { type Invocation, invokeFunction } from './invokeFunction.ts'
import { LiveGate } from './liveGate.ts'

export interface FunctionsOptions {
  /** The app's folder, where its sanity.blueprint.ts is. */
  appDir: string
  /** The environment of the command `lake exec` runs, which functions run in too. */
  env: NodeJS.ProcessEnv
  log?: (line: string) => void
  /** Attempts per invocation before it is given up, and the first wait between them. */
  attempts?: number
  retryBaseMs?: number
}

/** Hosted's API host: the function's clients call `<projectId>.api.sanity.io`, which the environment sends to the lake. */
const API_HOST = 'https://api.sanity.io'

/**
 * Runs the document and sync-tag-invalidate functions of the app's blueprint under the lake, as
 * hosted runs them: from each dataset's transaction log (a durable cursor per function, so at
 * least once and in commit order, also across restarts), with hosted's payloads and filters,
 * each invocation in a process of its own with a time limit, retried with backoff, and logged
 * (`lake functions log`). It follows the log beside the writers, so a failing or slow function
 * never blocks a write. Returns its stop, or undefined when the folder has no blueprint.
 */
export async function startFunctions(
  lake: Lake,
  options: FunctionsOptions,
): Promise<(() => Promise<void>) | undefined> {
  const say = options.log ?? console.error
  const file = findBlueprint(options.appDir)
  if (!file) return undefined
  const declared = await declaredFunctions(file, lake, options.env).catch((error: unknown) => {
    // A blueprint that cannot be read stops its functions, not the command exec runs.
    say(`lake: the functions of ${file} do not run: ${(error as Error).message}`)
    return undefined
  })
  if (!declared) return undefined
  const { functions, skipped } = declared
  if (skipped.length > 0)
    say(
      `lake: functions not run by the lake (it runs document and sync-tag-invalidate functions): ${skipped.join(', ')}`,
    )
  if (functions.length === 0) return undefined
  say(
    `lake: running the functions of ${file}: ${functions.map((fn) => `${fn.name} (${fn.kind})`).join(', ')}`,
  )
  const runner = new FunctionRunner(lake, functions, options, say)
  return () => runner.stop()
}

async function declaredFunctions(file: string, lake: Lake, env: NodeJS.ProcessEnv) {
  return functionsOf(await loadBlueprint(file, env), lake.config.projectIds?.[0] ?? lake.config.projectId)
}

class FunctionRunner {
  readonly #lake: Lake
  readonly #functions: LakeFunction[]
  readonly #options: FunctionsOptions
  readonly #say: (line: string) => void
  readonly #log: FunctionLog
  readonly #followers = new Map<string, TransactionFollower[]>()
  readonly #stopWatching: Array<() => void>

  constructor(lake: Lake, functions: LakeFunction[], options: FunctionsOptions, say: (line: string) => void) {
    this.#lake = lake
    this.#functions = functions
    this.#options = options
    this.#say = say
    this.#log = new FunctionLog(functionLogFile(lake.config.dataDir))
    const invalidating = functions.filter((fn) => fn.kind === 'syncTagInvalidate')
    if (invalidating.length > 0) {
      lake.liveGate = new LiveGate(
        (name) => invalidating.some((fn) => inDataset(fn, name)) && !this.#isAddon(name),
      )
    }
    this.#stopWatching = [
      lake.onDatasetOpened((dataset) => this.#follow(dataset)),
      lake.onDatasetDeleted((name) => void this.#unfollow(name)),
    ]
    for (const info of lake.registry.list()) if (!isAddon(info)) this.#follow(lake.dataset(info.name))
  }

  async stop(): Promise<void> {
    for (const stop of this.#stopWatching) stop()
    await Promise.all([...this.#followers.keys()].map((name) => this.#unfollow(name)))
    this.#lake.liveGate = undefined
    this.#log.close()
  }

  #isAddon(name: string): boolean {
    const info = this.#lake.registry.get(name)
    return info !== undefined && isAddon(info)
  }

  #follow(dataset: Dataset): void {
    if (this.#followers.has(dataset.name) || this.#isAddon(dataset.name)) return
    const mine = this.#functions.filter((fn) => inDataset(fn, dataset.name))
    const followers = mine
      .filter((fn) => fn.kind === 'document')
      .map(
        (fn) =>
          new TransactionFollower({
            name: `function:${fn.name}`,
            describe: `function "${fn.name}"`,
            dataset,
            cursors: this.#log,
            handle: async (transaction, signal) => {
              await this.#documentFunction(fn, dataset.name, transaction, signal)
              return true
            },
          }),
      )
    const invalidating = mine.filter((fn) => fn.kind === 'syncTagInvalidate')
    if (invalidating.length > 0) {
      followers.push(
        new TransactionFollower({
          name: 'sync-tag-invalidate',
          describe: 'sync-tag-invalidate functions',
          dataset,
          cursors: this.#log,
          handle: async (transaction, signal) => {
            await this.#invalidate(invalidating, dataset.name, transaction, signal)
            return true
          },
        }),
      )
    }
    this.#followers.set(dataset.name, followers)
  }

  async #unfollow(name: string): Promise<void> {
    const followers = this.#followers.get(name) ?? []
    this.#followers.delete(name)
    await Promise.all(followers.map((follower) => follower.stop()))
  }

  async #documentFunction(
    fn: LakeFunction,
    dataset: string,
    transaction: CommittedTransaction,
    signal: AbortSignal,
  ) {
    for (const event of await documentEventsFor(fn, transaction)) {
      if (signal.aborted) return
      const invocation = { context: this.#context(fn, dataset), event: { data: event.data } }
      await this.#run(fn, dataset, transaction, event.documentId, invocation, signal)
    }
  }

  /** Every sync-tag-invalidate function at once; the live event goes out when each is done or has ended. */
  async #invalidate(
    fns: LakeFunction[],
    dataset: string,
    transaction: CommittedTransaction,
    signal: AbortSignal,
  ) {
    const syncTags = tagsOfTransaction(transaction, false)
    const gate = this.#lake.liveGate
    if (syncTags.length === 0) return gate?.release(dataset, transaction)
    let waiting = fns.length
    await Promise.all(
      fns.map(async (fn) => {
        let released = false
        const release = () => {
          if (released) return
          released = true
          waiting--
          if (waiting === 0) gate?.release(dataset, transaction)
        }
        const invocation = {
          context: { ...this.#context(fn, dataset), callbackToken: randomUUID() },
          event: { data: { syncTags } },
        }
        await this.#run(fn, dataset, transaction, syncTags.join(' '), invocation, signal, release)
        release()
      }),
    )
  }

  async #run(
    fn: LakeFunction,
    dataset: string,
    transaction: CommittedTransaction,
    subject: string,
    invocation: Invocation,
    signal: AbortSignal,
    onDone?: () => void,
  ): Promise<void> {
    const attempts = this.#options.attempts ?? 3
    let error: string | null = null
    for (let attempt = 1; attempt <= attempts && !signal.aborted; attempt++) {
      const at = new Date().toISOString()
      const outcome = await invokeFunction(fn, invocation, { env: this.#options.env, signal, onDone })
      if (signal.aborted) return
      this.#log.record({
        function: fn.name,
        dataset,
        transactionId: transaction.id,
        subject,
        attempt,
        at,
        ...outcome,
      })
      if (outcome.ok) return
      error = outcome.error
      if (attempt < attempts) {
        await sleep((this.#options.retryBaseMs ?? 1000) * 2 ** (attempt - 1), undefined, { signal }).catch(
          () => {},
        )
      }
    }
    if (!signal.aborted) {
      this.#say(
        `lake: function "${fn.name}" failed ${attempts} times on ${subject} (transaction ${transaction.id}), given up: ${error}`,
      )
    }
  }

  /** Hosted's context: client options for the project and dataset that changed, with a token the lake accepts. */
  #context(fn: LakeFunction, dataset: string): Record<string, unknown> {
    const token = this.#lake.secrets.cliToken
    return {
      clientOptions: { apiHost: API_HOST, projectId: fn.projectId, dataset, token },
      eventResourceType: 'dataset',
      eventResourceId: `${fn.projectId}.${dataset}`,
      functionResourceType: 'project',
      functionResourceId: fn.projectId,
    }
  }
}

function inDataset(fn: LakeFunction, dataset: string): boolean {
  return fn.dataset === '*' || fn.dataset === dataset
}
