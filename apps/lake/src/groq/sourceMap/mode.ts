/** How a source path names an array element: by `[?(@._key=='k')]` where it can, or always by `[i]`. */
export type SourceMapMode = 'index' | 'key'

/**
 * The `resultSourceMap` parameter: `true` asks for index paths, `withKeyArraySelector` (what
 * @sanity/client sends when stega is on) for key selectors. Sanity's docs name only these two
 * values and say nothing of others, so any other value (`false` included) answers as if the
 * parameter were absent.
 */
export function sourceMapModeOf(value: string | null): SourceMapMode | undefined {
  if (value === 'true') return 'index'
  if (value === 'withKeyArraySelector') return 'key'
  return undefined
}
