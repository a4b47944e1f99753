import type { TokenConfig } from '../config.ts'

/** Shorter tokens are guessable; the Studio's own rule for tokens is 32 characters too. */
export const MIN_TOKEN_LENGTH = 32

const HOW_TO_MAKE_ONE = `node -e "console.log(require('node:crypto').randomBytes(32).toString('hex'))"`

/**
 * Why `token` is refused, naming where it came from and which entry (never the token itself,
 * which would put a secret in logs), or undefined when it is long enough.
 */
export function shortTokenProblem(token: TokenConfig, source: string, position: number): string | undefined {
  if (token.token.length >= MIN_TOKEN_LENGTH) return undefined
  const which = token.name ? `"${token.name}"` : `number ${position + 1} (${token.role})`
  return (
    `${source}: token ${which} has ${token.token.length} characters; the lake accepts tokens of at ` +
    `least ${MIN_TOKEN_LENGTH}. Make one with: ${HOW_TO_MAKE_ONE}`
  )
}

/** Throws at start for the first short token in `tokens`. */
export function assertLongTokens(tokens: TokenConfig[], source: string): void {
  tokens.forEach((token, position) => {
    const problem = shortTokenProblem(token, source, position)
    if (problem) throw new Error(problem)
  })
}
