import { existsSync, readFileSync, statSync } from 'node:fs'
import type { TokenConfig } from '../config.ts'

/**
 * The tokens the lake accepts right now: those from the environment (fixed for the process)
 * plus those in `lake.config.json`, re-read whenever the file changes, so removing a token from
 * the file revokes it for the very next request.
 */
export class TokenRegistry {
  readonly #fixed: TokenConfig[]
  readonly #file: string
  #stamp = ''
  #fromFile: TokenConfig[] = []

  constructor(fixed: TokenConfig[], file: string) {
    this.#fixed = fixed
    this.#file = file
  }

  current(): TokenConfig[] {
    const stamp = existsSync(this.#file) ? String(statSync(this.#file).mtimeMs) : 'absent'
    if (stamp !== this.#stamp) {
      this.#stamp = stamp
      this.#fromFile = stamp === 'absent' ? [] : readTokens(this.#file)
    }
    return this.#fromFile.length === 0 ? this.#fixed : [...this.#fixed, ...this.#fromFile]
  }
}

function readTokens(file: string): TokenConfig[] {
  try {
    const { tokens } = JSON.parse(readFileSync(file, 'utf8')) as { tokens?: TokenConfig[] }
    return Array.isArray(tokens) ? tokens : []
  } catch (error) {
    // A half-written or broken file must not lock everyone out with a crash: keep no file tokens.
    console.error(`lake: ignoring tokens in ${file}: ${(error as Error).message}`)
    return []
  }
}
