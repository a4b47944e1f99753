/**
 * Parser for the seed story text format:
 *
 *   title
 *   (blank)
 *   title again
 *   (blank)
 *   intro paragraph
 *   (blank)
 *   then per slide: heading, blank, body, blank, and either `credit, blank` or a second blank
 *   when the slide has no credit.
 *
 * Text is returned exactly as written (no trimming, no quote or whitespace normalisation), because
 * the dataset must reproduce the story character for character.
 */

export interface SeedSlide {
  heading: string
  body: string
  credit: string | null
}

export interface SeedStory {
  title: string
  intro: string
  slides: SeedSlide[]
}

export class SeedFormatError extends Error {
  /** 1-based line number the problem was found at. */
  readonly line: number

  constructor(line: number, message: string) {
    super(`seed line ${line}: ${message}`)
    this.name = 'SeedFormatError'
    this.line = line
  }
}

const show = (line: string | undefined): string =>
  line === undefined ? 'end of input' : line === '' ? 'a blank line' : JSON.stringify(line)

export function parseSeed(text: string): SeedStory {
  const lines = text.split(/\r?\n/)
  // Trailing newlines carry no content; whether the file ends with one is not significant.
  while (lines.length > 0 && lines.at(-1) === '') lines.pop()

  const textAt = (index: number, what: string): string => {
    const line = lines[index]
    // A whitespace-only line would be an invisible heading or body: treat it as missing.
    if (line === undefined || line.trim() === '') {
      throw new SeedFormatError(index + 1, `expected ${what}, found ${show(line)}`)
    }
    return line
  }
  const blankAt = (index: number, after: string): void => {
    const line = lines[index]
    if (line !== '') {
      throw new SeedFormatError(index + 1, `expected a blank line after ${after}, found ${show(line)}`)
    }
  }

  const title = textAt(0, 'the title')
  blankAt(1, 'the title')
  const repeated = textAt(2, 'the repeated title')
  if (repeated !== title) {
    throw new SeedFormatError(
      3,
      `repeated title ${JSON.stringify(repeated)} differs from line 1 ${JSON.stringify(title)}`,
    )
  }
  blankAt(3, 'the repeated title')
  const intro = textAt(4, 'the intro paragraph')
  if (lines.length <= 5) {
    throw new SeedFormatError(6, 'expected slides after the intro paragraph, found end of input')
  }
  blankAt(5, 'the intro paragraph')

  const slides: SeedSlide[] = []
  let i = 6
  while (i < lines.length) {
    const slideNo = slides.length + 1
    const heading = textAt(i, `the heading of slide ${slideNo}`)
    blankAt(i + 1, `the heading of slide ${slideNo}`)
    const body = textAt(i + 2, `the body of slide ${slideNo}`)
    if (i + 3 === lines.length) {
      slides.push({ heading, body, credit: null })
      break
    }
    blankAt(i + 3, `the body of slide ${slideNo}`)
    // A second blank line is how the format says "this slide has no credit".
    if (lines[i + 4] === '') {
      slides.push({ heading, body, credit: null })
      i += 5
      continue
    }
    const credit = textAt(i + 4, `the credit of slide ${slideNo}`)
    slides.push({ heading, body, credit })
    if (i + 5 === lines.length) break
    blankAt(i + 5, `the credit of slide ${slideNo}`)
    i += 6
  }
  return { title, intro, slides }
}
