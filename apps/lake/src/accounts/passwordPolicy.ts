/** NIST SP 800-63B: at least 12 characters here, no composition rules, and no common passwords. */
export const MIN_PASSWORD_LENGTH = 12
/** Long passphrases are welcome; the cap only bounds the work one request can ask for. */
export const MAX_PASSWORD_LENGTH = 512

type Checker = (password: string, userInputs: string[]) => { score: number; warning: string | null }

let checker: Promise<Checker> | undefined

/**
 * zxcvbn-ts with its common-password and English dictionaries: it finds a password that is, or is
 * built from, a common password, a word, a keyboard walk, a repeat or the person's own name or
 * address. Its dictionaries are large, so they load on the first password set, not at start.
 */
async function loadChecker(): Promise<Checker> {
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ])
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  })
  return (password, userInputs) => {
    const result = zxcvbn.check(password, userInputs)
    return { score: result.score, warning: result.feedback.warning }
  }
}

/**
 * Why `password` is refused, in words for the person choosing it, or undefined when it is fine.
 * A score under 3 ("safely unguessable" in zxcvbn's terms) is how common passwords show.
 */
export async function passwordProblem(password: string, userInputs: string[]): Promise<string | undefined> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.`
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`
  checker ??= loadChecker()
  const { score, warning } = (await checker)(password, userInputs)
  if (score >= 3) return undefined
  return `That password is too easy to guess${warning ? ` (${warning.replace(/\.$/, '').toLowerCase()})` : ''}. Try a few unrelated words.`
}
