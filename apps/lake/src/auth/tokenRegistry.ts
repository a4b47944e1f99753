import { readFileSync, statSync, unwatchFile, watchFile } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import type { TokenConfig } from '../config.ts'
import { callerToken } from './identity.ts'
import { assertLongTokens, shortTokenProblem } from './tokenLength.ts'

/** How often the file is polled while streams hold tokens: revocation ends them within this. */
const WATCH_INTERVAL_MS = 250

interface Holder {
  token: string
  role: TokenConfig['role']
  end(): void
}

/**
 * The tokens the lake accepts right now: those from the environment (fixed for the process)
 * plus those in `lake.config.json`, re-read whenever the file changes, so removing a token from
 * the file revokes it for the very next request, and ends the streams opened with it.
 */
export class TokenRegistry {
  readonly #fixed: TokenConfig[]
  readonly #file: string
  #stamp = ''
  #fromFile: TokenConfig[] = []
  readonly #holders = new Set<Holder>()
  readonly #onFileChange = () => this.#refresh()
  readonly #changeListeners = new Set<() => void>()

  /** Throws when the environment or the file holds a token too short to be safe. */
  constructor(fixed: TokenConfig[], file: string) {
    assertLongTokens(fixed, 'LAKE_TOKENS')
    this.#fixed = fixed
    this.#file = file
    this.#stamp = fileStamp(file)
    this.#fromFile = this.#stamp === 'absent' ? [] : readTokens(file)
    assertLongTokens(this.#fromFile, file)
  }

  current(): TokenConfig[] {
    this.#refresh()
    return this.#all()
  }

  /** Calls `listener` after each change to the tokens the file holds; returns the way to stop. */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener)
    return () => this.#changeListeners.delete(listener)
  }

  /**
   * Calls `end` once if the token the caller presents (bearer or session cookie) stops being
   * accepted with the role it has now; returns the release to call when the stream closes.
   * Callers without a token hold nothing: the dev identity and anonymous cannot be revoked.
   */
  endWhenRevoked(headers: IncomingHttpHeaders, end: () => void): () => void {
    const token = callerToken(headers)
    const entry = token === undefined ? undefined : this.#all().find((candidate) => candidate.token === token)
    if (!entry) return () => {}
    const holder: Holder = { token: entry.token, role: entry.role, end }
    if (this.#holders.size === 0) {
      watchFile(this.#file, { persistent: false, interval: WATCH_INTERVAL_MS }, this.#onFileChange)
    }
    this.#holders.add(holder)
    return () => this.#release(holder)
  }

  #all(): TokenConfig[] {
    return this.#fromFile.length === 0 ? this.#fixed : [...this.#fixed, ...this.#fromFile]
  }

  #refresh(): void {
    const stamp = fileStamp(this.#file)
    if (stamp === this.#stamp) return
    this.#stamp = stamp
    this.#fromFile = stamp === 'absent' ? [] : withoutShortTokens(readTokens(this.#file), this.#file)
    this.#endRevoked()
    for (const listener of this.#changeListeners) listener()
  }

  #endRevoked(): void {
    const accepted = this.#all()
    for (const holder of this.#holders) {
      const still = accepted.some((entry) => entry.token === holder.token && entry.role === holder.role)
      if (still) continue
      this.#release(holder)
      holder.end()
    }
  }

  #release(holder: Holder): void {
    if (!this.#holders.delete(holder)) return
    if (this.#holders.size === 0) unwatchFile(this.#file, this.#onFileChange)
  }
}

/**
 * Changes whenever the file is rewritten: an atomic rename gives a new inode, an edit a new mtime
 * or size. Taken on every request, so in one system call.
 */
function fileStamp(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false })
  return stats ? `${stats.ino}:${stats.mtimeMs}:${stats.size}` : 'absent'
}

function readTokens(file: string): TokenConfig[] {
  try {
    const { tokens } = JSON.parse(readFileSync(file, 'utf8')) as { tokens?: unknown }
    if (!Array.isArray(tokens)) return []
    return (tokens as unknown[]).filter(
      (entry): entry is TokenConfig => typeof (entry as Partial<TokenConfig> | null)?.token === 'string',
    )
  } catch (error) {
    // A half-written or broken file must not lock everyone out with a crash: keep no file tokens.
    console.error(`lake: ignoring tokens in ${file}: ${(error as Error).message}`)
    return []
  }
}

/** A short token added to the running lake's file is ignored, and said so, rather than crashing it. */
function withoutShortTokens(tokens: TokenConfig[], file: string): TokenConfig[] {
  return tokens.filter((token, position) => {
    const problem = shortTokenProblem(token, file, position)
    if (problem) console.error(`lake: ignoring a token: ${problem}`)
    return !problem
  })
}
