// Page weight: the HTML and JavaScript a page ships (raw and gzip), whose code that JavaScript
// is (from the build's source maps), and the image bytes a phone downloads for the first view.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { mappedSpans, type Owner, ownerOf, type SourceMap } from './sourcemap.ts'

const gzipBytes = (data: string | Buffer) => gzipSync(data).length

export interface ScriptWeight {
  src: string
  rawBytes: number
  gzipBytes: number
  /** gzip bytes split by owner in proportion to each owner's share of the raw bytes. */
  gzipByOwner: Record<Owner, number>
  rawByOwner: Record<Owner, number>
  /** Our source files in this chunk and their raw bytes. */
  ourSources: Record<string, number>
  /** Other libraries (npm packages besides the framework) in this chunk and their raw bytes. */
  librarySources: Record<string, number>
}

export interface PageWeight {
  path: string
  htmlBytes: number
  htmlGzipBytes: number
  /** Inline <script> bodies in the HTML (the RSC payload Next.js streams into the page). */
  inlineScriptBytes: number
  scripts: ScriptWeight[]
  js: { rawBytes: number; gzipBytes: number; gzipByOwner: Record<Owner, number> }
  /** gzip of our own code alone, cut out of the chunks (a second view on the same question). */
  ourCodeAloneGzipBytes: number
  /** Whether source maps were found (attribution possible). */
  sourceMaps: boolean
  /** `<script nomodule>` files: listed, not counted (modern browsers do not fetch them). */
  noModuleScripts: string[]
}

const emptyOwners = (): Record<Owner, number> => ({ ours: 0, framework: 0, libraries: 0, unmapped: 0 })

/** Measures `path` on the running site; source maps are read from the build in `webDir/.next`. */
export async function pageWeight(siteUrl: string, path: string, webDir: string): Promise<PageWeight> {
  const html = await (await fetch(`${siteUrl}${path}`, { headers: { 'accept-encoding': 'identity' } })).text()
  const scriptTags = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)].map((match) => ({
    src: (match[1] as string).replace(/&amp;/g, '&'),
    // `noModule` scripts (Next's legacy polyfills) are skipped, not even fetched, by modern browsers.
    noModule: /\bnomodule\b/i.test(match[0]),
  }))
  const scriptSources = scriptTags.filter((tag) => !tag.noModule).map((tag) => tag.src)
  const noModuleScripts = scriptTags.filter((tag) => tag.noModule).map((tag) => tag.src)
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  const inlineScriptBytes = inline.reduce((sum, match) => sum + Buffer.byteLength(match[1] ?? ''), 0)
  const scripts: ScriptWeight[] = []
  const ourCode: string[] = []
  let mapped = 0
  for (const src of [...new Set(scriptSources)]) {
    const url = new URL(src, siteUrl)
    const served = await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).text()
    // The bench build adds source maps; the comment pointing at them is not part of what ships.
    const mapName = served.match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1]
    const code = served.replace(/\n?\/\/# sourceMappingURL=[^\n]*\s*$/, '')
    const chunkFile = join(webDir, '.next', decodeURIComponent(url.pathname.replace(/^\/_next\//, '')))
    const mapFile = mapName ? join(dirname(chunkFile), mapName) : `${chunkFile}.map`
    const rawByOwner = emptyOwners()
    const ourSources: Record<string, number> = {}
    const librarySources: Record<string, number> = {}
    if (existsSync(mapFile)) {
      mapped++
      const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMap
      for (const { source, text } of mappedSpans(code, map)) {
        const owner = ownerOf(source)
        const bytes = Buffer.byteLength(text)
        rawByOwner[owner] += bytes
        if (owner === 'ours' && source) {
          const name = source
            .replace(/^turbopack:\/\/\/?(\[project\]\/)?/, '')
            .replace(/^.*?\/?(apps\/web\/)/, '$1')
          ourSources[name] = (ourSources[name] ?? 0) + bytes
          ourCode.push(text)
        }
        if (owner === 'libraries' && source) {
          const name = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? source
          librarySources[name] = (librarySources[name] ?? 0) + bytes
        }
      }
    } else {
      rawByOwner.unmapped = Buffer.byteLength(code)
    }
    const rawBytes = Buffer.byteLength(code)
    const gzip = gzipBytes(code)
    const gzipByOwner = emptyOwners()
    for (const owner of Object.keys(rawByOwner) as Owner[]) {
      gzipByOwner[owner] = rawBytes ? (gzip * rawByOwner[owner]) / rawBytes : 0
    }
    scripts.push({
      src: url.pathname,
      rawBytes,
      gzipBytes: gzip,
      gzipByOwner,
      rawByOwner,
      ourSources,
      librarySources,
    })
  }
  const total = emptyOwners()
  for (const script of scripts) {
    for (const owner of Object.keys(total) as Owner[]) total[owner] += script.gzipByOwner[owner]
  }
  return {
    path,
    htmlBytes: Buffer.byteLength(html),
    htmlGzipBytes: gzipBytes(html),
    inlineScriptBytes,
    scripts,
    js: {
      rawBytes: scripts.reduce((sum, script) => sum + script.rawBytes, 0),
      gzipBytes: scripts.reduce((sum, script) => sum + script.gzipBytes, 0),
      gzipByOwner: total,
    },
    ourCodeAloneGzipBytes: ourCode.length ? gzipBytes(ourCode.join('')) : 0,
    sourceMaps: mapped > 0,
    noModuleScripts,
  }
}
