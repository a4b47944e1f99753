import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { parseSeed, SeedFormatError, sourcePath } from '../src/index.ts'

const header = 'T\n\nT\n\nIntro.\n\n'

/** The SeedFormatError `fn` throws, so tests can look at its line number and message. */
function formatErrorOf(fn: () => unknown): SeedFormatError {
  try {
    fn()
  } catch (error) {
    if (error instanceof SeedFormatError) return error
    throw error
  }
  throw new Error('expected a SeedFormatError, nothing was thrown')
}

describe('parseSeed', () => {
  it('reads title, intro and slides with and without credits', () => {
    const story = parseSeed(
      `${header}One\n\nBody one.\n\nCredit one\n\nTwo\n\nBody two.\n\n\nThree\n\nBody three.\n\nCredit three`,
    )
    expect(story).toEqual({
      title: 'T',
      intro: 'Intro.',
      slides: [
        { heading: 'One', body: 'Body one.', credit: 'Credit one' },
        { heading: 'Two', body: 'Body two.', credit: null },
        { heading: 'Three', body: 'Body three.', credit: 'Credit three' },
      ],
    })
  })

  it('accepts a trailing newline, CRLF line endings, and a last slide without credit', () => {
    const lf = `${header}One\n\nBody one.\n\nCredit\n\nTwo\n\nBody two.\n`
    const expected = [
      { heading: 'One', body: 'Body one.', credit: 'Credit' },
      { heading: 'Two', body: 'Body two.', credit: null },
    ]
    expect(parseSeed(lf).slides).toEqual(expected)
    expect(parseSeed(lf.replaceAll('\n', '\r\n')).slides).toEqual(expected)
  })

  it('keeps every character, including curly quotes and a trailing no-break space', () => {
    const body = 'He said, “I must know you.’\u00a0'
    expect(parseSeed(`${header}“Quoted”\n\n${body}\n\nPhoto / Credit`).slides[0]).toEqual({
      heading: '“Quoted”',
      body,
      credit: 'Photo / Credit',
    })
  })

  it.each([
    ['empty input', '', 1, /expected the title/],
    ['a repeated title that differs', 'T\n\nX\n\nIntro.\n\nH\n\nB', 3, /repeated title "X" differs/],
    ['no slides', 'T\n\nT\n\nIntro.\n', 6, /expected slides after the intro/],
    [
      'no blank line after a heading',
      `${header}Heading\nBody\n\nCredit`,
      8,
      /blank line after the heading of slide 1/,
    ],
    ['a whitespace-only body', `${header}Heading\n\n  \n\nCredit`, 9, /expected the body of slide 1/],
    [
      'three blank lines between slides',
      `${header}A\n\nB\n\n\n\nC\n\nD`,
      12,
      /expected the heading of slide 2, found a blank line/,
    ],
    [
      'a credit running into the next heading',
      `${header}A\n\nB\n\nCredit\nNext\n\nBody`,
      12,
      /blank line after the credit of slide 1/,
    ],
  ])('rejects %s with the line number', (_name, input, line, message) => {
    const error = formatErrorOf(() => parseSeed(input))
    expect(error.line).toBe(line)
    expect(error.message).toMatch(message)
    expect(error.message).toMatch(new RegExp(`^seed line ${line}: `))
  })

  it('parses the Baldwin seed into 43 slides, two of them without credit', () => {
    const story = parseSeed(readFileSync(sourcePath, 'utf8'))
    expect(story.slides).toHaveLength(43)
    expect(story.slides.filter((slide) => slide.credit === null).map((slide) => slide.heading)).toEqual([
      'High Hopes',
      'It’s A Love Story',
    ])
    expect(story.slides.at(-1)).toMatchObject({ heading: 'From The Ashes', credit: 'Wikimedia Commons' })
  })
})
