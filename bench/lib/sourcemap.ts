// Attributes a built JavaScript chunk's bytes to the source files its source map names, the way
// source-map-explorer does: every generated span between two mapping segments belongs to the
// source of the first one. Handles plain and index ("sections") maps.

interface PlainMap {
  sources: string[]
  mappings: string
}

interface IndexMap {
  sections: Array<{ offset: { line: number; column: number }; map: PlainMap | IndexMap }>
}

export type SourceMap = PlainMap | IndexMap

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]))

function decodeVlq(segment: string): number[] {
  const values: number[] = []
  let shift = 0
  let value = 0
  for (const char of segment) {
    const digit = DIGIT.get(char)
    if (digit === undefined) throw new Error(`bad VLQ "${segment}"`)
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1)
      shift = 0
      value = 0
    }
  }
  return values
}

/** The generated code cut into spans, each with the source file it came from (`null`: unmapped). */
export function mappedSpans(code: string, map: SourceMap): Array<{ source: string | null; text: string }> {
  const lines = code.split('\n')
  // Per generated line, where each source's code starts.
  const starts: Array<Array<{ column: number; source: string | null }>> = lines.map(() => [])
  const walk = (current: SourceMap, lineOffset: number, columnOffset: number) => {
    if ('sections' in current) {
      for (const { offset, map: inner } of current.sections) {
        walk(
          inner,
          lineOffset + offset.line,
          offset.line === 0 ? columnOffset + offset.column : offset.column,
        )
      }
      return
    }
    let sourceIndex = 0
    current.mappings.split(';').forEach((lineMappings, lineIndex) => {
      const line = starts[lineOffset + lineIndex]
      if (!line) return
      let column = 0
      for (const segment of lineMappings.split(',')) {
        if (!segment) continue
        const fields = decodeVlq(segment)
        column += fields[0] ?? 0
        const at = (lineIndex === 0 ? columnOffset : 0) + column
        if (fields.length >= 4) sourceIndex += fields[1] ?? 0
        line.push({ column: at, source: fields.length >= 4 ? (current.sources[sourceIndex] ?? null) : null })
      }
    })
  }
  walk(map, 0, 0)
  const spans: Array<{ source: string | null; text: string }> = []
  lines.forEach((text, index) => {
    const line = (starts[index] ?? []).sort((a, b) => a.column - b.column)
    spans.push({ source: null, text: text.slice(0, line[0]?.column ?? text.length) })
    line.forEach((start, position) => {
      spans.push({
        source: start.source,
        text: text.slice(start.column, line[position + 1]?.column ?? text.length),
      })
    })
    if (index < lines.length - 1) spans.push({ source: null, text: '\n' })
  })
  return spans.filter((span) => span.text.length > 0)
}

/** Bytes of `code` per source path; spans no segment maps go to `null`. */
export function attributeBytes(code: string, map: SourceMap): Map<string | null, number> {
  const totals = new Map<string | null, number>()
  for (const { source, text } of mappedSpans(code, map)) {
    totals.set(source, (totals.get(source) ?? 0) + Buffer.byteLength(text))
  }
  return totals
}

export type Owner = 'ours' | 'framework' | 'libraries' | 'unmapped'

/**
 * Whose code a source path is: ours (apps/web, packages/* of this repo), the framework (next,
 * react, react-dom, scheduler, Turbopack's runtime and helpers), or other libraries.
 */
export function ownerOf(source: string | null): Owner {
  if (source === null) return 'unmapped'
  const path = source.replace(/^turbopack:\/\/\/?/, '').replace(/^\[project\]\//, '')
  const inModules = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
  if (inModules) {
    const name = inModules[1] as string
    return /^(next|react|react-dom|scheduler|@swc\/helpers|@next\/.*)$/.test(name) ? 'framework' : 'libraries'
  }
  if (path.startsWith('[turbopack]') || path.includes('turbopack/') || path.startsWith('[next]'))
    return 'framework'
  if (/^(apps|packages)\//.test(path) || path.includes('/apps/web/')) return 'ours'
  return 'libraries'
}
