/** The Portable Text shapes the dataset uses: plain paragraphs, no marks or links. */

export interface Span {
  _type: 'span'
  _key: string
  text: string
  marks: string[]
}

export interface Block {
  _type: 'block'
  _key: string
  style: 'normal'
  markDefs: never[]
  children: Span[]
}

/**
 * One paragraph as a single block with a single span. Keys derive from `key` rather than being
 * random, so the generated NDJSON is identical on every run.
 */
export function paragraph(key: string, text: string): Block[] {
  return [
    {
      _type: 'block',
      _key: key,
      style: 'normal',
      markDefs: [],
      children: [{ _type: 'span', _key: `${key}-span`, text, marks: [] }],
    },
  ]
}
